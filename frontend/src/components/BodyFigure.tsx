/**
 * The SVG figure shared by the body map (toggles) and the "where it hurt" heat map (shades):
 * one view, front or back, its regions drawn from bodyRegions.ts.
 */
import { t } from "@lingui/core/macro";
import type { HTMLAttributes, JSX, SVGAttributes } from "preact";
import { BACK_OUTLINE, type Region, type Shape, VIEW_BOX, type View } from "./bodyRegions";

export function ShapeEl(props: { shape: Shape } & SVGAttributes<SVGElement>) {
  const { shape, ...rest } = props;
  if ("e" in shape) {
    const [cx, cy, rx, ry, rot = 0] = shape.e;
    return <ellipse cx={cx} cy={cy} rx={rx} ry={ry} transform={rot ? `rotate(${rot} ${cx} ${cy})` : undefined} {...(rest as SVGAttributes<SVGEllipseElement>)} />;
  }
  const [x, y, width, height, radius] = shape.r;
  return <rect x={x} y={y} width={width} height={height} rx={radius} {...(rest as SVGAttributes<SVGRectElement>)} />;
}

export interface FigureProps {
  view: View;
  regions: Region[];
  /** The attributes of one region's <g> (role, state, handlers, class). */
  regionProps: (region: Region, index: number) => HTMLAttributes<SVGGElement> & Record<string, unknown>;
  /** The <svg>'s own accessible role and name. */
  svgProps: SVGAttributes<SVGSVGElement>;
  /** Fill patterns and the like. */
  defs?: JSX.Element;
  children?: JSX.Element;
}

export function BodyFigure(props: FigureProps) {
  // The patient's right and left, by their initials (hidden from screen readers: the hint says it).
  const right = t({ comment: "Initial of 'right' at the side of the body figure", message: "R" });
  const left = t({ comment: "Initial of 'left' at the side of the body figure", message: "L" });
  const sides = props.view === "front" ? [right, left] : [left, right];
  return (
    <svg class="bm-figure" viewBox={`0 0 ${VIEW_BOX.width} ${VIEW_BOX.height}`} {...props.svgProps}>
      {props.defs && <defs>{props.defs}</defs>}
      <g aria-hidden="true" class="bm-sides">
        <text x={8} y={20}>
          {sides[0]}
        </text>
        <text x={VIEW_BOX.width - 8} y={20} text-anchor="end">
          {sides[1]}
        </text>
      </g>
      {props.view === "back" && (
        <g aria-hidden="true" class="bm-outline">
          {BACK_OUTLINE.map((s, i) => (
            <ShapeEl key={i} shape={s} />
          ))}
        </g>
      )}
      {props.regions.map((region, index) => (
        <g key={region.code} data-code={region.code} {...props.regionProps(region, index)}>
          {region.shapes.map((s, i) => (
            <ShapeEl key={i} shape={s} />
          ))}
        </g>
      ))}
      {props.children}
    </svg>
  );
}
