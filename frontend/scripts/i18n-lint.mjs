#!/usr/bin/env node
/**
 * i18n lint: user-facing English written outside Lingui's macros in src/ (docs/translating.md,
 * decision 122). Reads the TypeScript syntax tree of every *.ts and *.tsx file (not tests, not
 * the catalogues) and reports, as file:line:col, the text found in
 *
 *   - JSX text with letters in it (<p>Saved</p>);
 *   - string or template literals reaching a JSX child ({busy ? "Saving" : "Save"});
 *   - string or template literals in a user-facing attribute or prop (aria-label, title,
 *     placeholder, alt, label, hint, legend, summary, confirmLabel, what, blank …), in JSX or as
 *     an object literal's property ({ label: "Today" }, { "aria-label": `Body, ${view}` });
 *   - the values of an object literal held by a constant named like a table of words
 *     (OFFSET_LABELS, TITLES, MESSAGES …);
 *   - literals held by a variable named for its text (label, title, errorMessage …);
 *   - literals passed to a sink the person reads: confirm(), alert(), prompt(),
 *     setCustomValidity(), showNotification(title, { body }), a canvas's fillText(), and
 *     assignments to textContent, innerText, innerHTML, placeholder, ariaLabel or document.title;
 *   - sentences (two words or more, not a CSS class list) returned by a function or given to
 *     new …Error(): the texts helpers build for the screens.
 *
 * Messages inside t``, msg``, plural(), select(), t({…}), defineMessage(), i18n._() and <Trans>
 * are what we want and are never reported. Deliberate exceptions (units, brand names, the
 * languages' own names …) live in scripts/i18n-lint-allow.json, each with its reason.
 *
 * Usage: node scripts/i18n-lint.mjs [src-dir] [--allow file] [--json]
 * Exit status: 0 nothing found, 1 something found, 2 the script could not run.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FRONTEND = path.resolve(HERE, "..");

/** JSX attributes and component props whose value a person reads or hears. */
export const USER_FACING_PROPS = new Set([
  "aria-label",
  "aria-valuetext",
  "aria-roledescription",
  "aria-placeholder",
  "ariaLabel",
  "title",
  "placeholder",
  "alt",
  "label",
  "hint",
  "legend",
  "summary",
  "caption",
  "heading",
  "description",
  "confirmLabel",
  "busyLabel",
  "blank",
  "what",
  "ends",
  "emptyText",
  "error",
]);

/** Constants holding a table of words: every string value in their object literal is text. */
const WORD_TABLE = /(^|_)(LABELS?|TITLES?|TEXTS?|MESSAGES?|HINTS?|NAMES|WORDS|PHRASES|SENTENCES|ADVICE)$/;

/** Calls whose string arguments a person reads. */
const SINK_CALLS = new Set(["confirm", "alert", "prompt", "setCustomValidity", "showNotification", "fillText", "strokeText"]);
/** Variables named for the text they hold (label, title, errorMessage, emptyText …). */
const TEXT_VARIABLE = /^(label|title|text|message|hint|caption|heading|description|summary|legend)$|(Label|Title|Text|Message|Hint|Caption|Heading|Legend)$/;
/** Properties whose assigned string a person reads. */
const SINK_PROPERTIES = new Set(["textContent", "innerText", "innerHTML", "placeholder", "ariaLabel", "ariaValueText"]);

/** Lingui's macros and runtime calls: what is inside them is a message, not a stray literal. */
const MACRO_CALLS = new Set(["t", "msg", "plural", "select", "selectOrdinal", "defineMessage", "_"]);
const MACRO_ELEMENTS = new Set(["Trans", "Plural", "Select", "SelectOrdinal"]);

const LETTER = /\p{L}/u;
const ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi;
/** Returned strings and errors are reported when they read as words: two words with a space, not a CSS class list. */
const SENTENCE = /(^|[^\p{L}-])\p{L}{2,}[\s,:;.()/]*\s[\s,:;.()/]*\p{L}{2,}(?![\p{L}-])/u;

function isSourceFile(file) {
  if (!/\.(ts|tsx)$/.test(file)) return false;
  if (/\.d\.ts$/.test(file)) return false;
  if (/\.(test|spec)\.tsx?$/.test(file)) return false;
  if (/(^|\/)test-setup\.ts$/.test(file)) return false;
  return true;
}

function walkDir(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "locales") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkDir(full));
    else if (isSourceFile(full)) out.push(full);
  }
  return out.sort();
}

const normalize = (text) => text.replace(/\s+/g, " ").trim();

function propName(name) {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isJsxNamespacedName?.(name)) return `${name.namespace.text}:${name.name.text}`;
  return undefined;
}

function calleeName(expr) {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return undefined;
}

/** Inside a Lingui macro call, tagged template or element: then it is a message. */
function insideMacro(node) {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isTaggedTemplateExpression(n) && MACRO_CALLS.has(calleeName(n.tag) ?? "")) return true;
    if (ts.isCallExpression(n) && MACRO_CALLS.has(calleeName(n.expression) ?? "")) return true;
    if ((ts.isJsxElement(n) && MACRO_ELEMENTS.has(n.openingElement.tagName.getText())) ||
        (ts.isJsxSelfClosingElement(n) && MACRO_ELEMENTS.has(n.tagName.getText())))
      return true;
  }
  return false;
}

/**
 * The literals an expression may evaluate to, as text: string and template literals (a
 * template's ${…} shown as "{…}"), through ?:, &&, ||, ??, + and parentheses. Calls, tagged
 * templates (t``) and identifiers are not followed.
 */
function literalTexts(expr) {
  if (!expr) return [];
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [{ node: expr, text: expr.text, words: expr.text }];
  if (ts.isTemplateExpression(expr)) {
    const parts = [expr.head.text, ...expr.templateSpans.map((s) => s.literal.text)];
    return [{ node: expr, text: parts.join("{…}"), words: parts.join(" ") }];
  }
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr) || ts.isSatisfiesExpression?.(expr))
    return literalTexts(expr.expression);
  if (ts.isConditionalExpression(expr)) return [...literalTexts(expr.whenTrue), ...literalTexts(expr.whenFalse)];
  if (ts.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return literalTexts(expr.right);
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.PlusToken)
      return [...literalTexts(expr.left), ...literalTexts(expr.right)];
  }
  return [];
}

/** Every property value of an object literal (nested objects too), as literals. */
function objectValueTexts(expr) {
  while (expr && (ts.isAsExpression(expr) || ts.isParenthesizedExpression(expr) || ts.isSatisfiesExpression?.(expr))) expr = expr.expression;
  if (!expr || !ts.isObjectLiteralExpression(expr)) return [];
  const out = [];
  for (const p of expr.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const inner = p.initializer;
    if (ts.isObjectLiteralExpression(inner)) out.push(...objectValueTexts(inner));
    else out.push(...literalTexts(inner));
  }
  return out;
}

export function lintSource(fileName, sourceText, relName = fileName) {
  const kind = fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true, kind);
  const findings = [];
  const seen = new Set();

  function report(node, text, rule, wordsText = text) {
    if (!LETTER.test(wordsText)) return;
    if (insideMacro(node)) return;
    const start = node.getStart(source);
    if (seen.has(start)) return;
    seen.add(start);
    const { line, character } = source.getLineAndCharacterOfPosition(start);
    findings.push({ file: relName, line: line + 1, col: character + 1, rule, text: normalize(text) });
  }
  const reportAll = (items, rule) => items.forEach((i) => report(i.node, i.text, rule, i.words));

  function visit(node) {
    if (ts.isJsxText(node)) {
      const text = node.text.replace(ENTITY, " "); // &nbsp; and the like are not words
      if (LETTER.test(text)) report(node, node.text, "jsx-text", text);
    } else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      reportAll(literalTexts(node.expression), "jsx-child");
    } else if (ts.isJsxAttribute(node) && USER_FACING_PROPS.has(propName(node.name) ?? "")) {
      const init = node.initializer;
      if (init && ts.isStringLiteral(init)) report(init, init.text, `attribute ${propName(node.name)}`);
      else if (init && ts.isJsxExpression(init)) reportAll(literalTexts(init.expression), `attribute ${propName(node.name)}`);
    } else if (ts.isPropertyAssignment(node) && USER_FACING_PROPS.has(propName(node.name) ?? "") && ts.isObjectLiteralExpression(node.parent)) {
      reportAll(literalTexts(node.initializer), `property ${propName(node.name)}`);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && WORD_TABLE.test(node.name.text)) {
      reportAll(objectValueTexts(node.initializer), `table ${node.name.text}`);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && TEXT_VARIABLE.test(node.name.text)) {
      reportAll(literalTexts(node.initializer), `variable ${node.name.text}`);
    } else if (ts.isCallExpression(node) && SINK_CALLS.has(calleeName(node.expression) ?? "")) {
      const name = calleeName(node.expression);
      for (const arg of node.arguments) {
        reportAll(literalTexts(arg), `${name}()`);
        if (name === "showNotification" && ts.isObjectLiteralExpression(arg))
          for (const p of arg.properties)
            if (ts.isPropertyAssignment(p) && ["body", "title"].includes(propName(p.name) ?? "")) reportAll(literalTexts(p.initializer), `${name}()`);
      }
    } else if ((ts.isReturnStatement(node) && node.expression) || (ts.isArrowFunction(node) && !ts.isBlock(node.body))) {
      const returned = ts.isReturnStatement(node) ? node.expression : node.body;
      reportAll(literalTexts(returned).filter((i) => SENTENCE.test(i.words)), "returned sentence");
    } else if (ts.isNewExpression(node) && /Error$/.test(calleeName(node.expression) ?? "")) {
      reportAll((node.arguments ?? []).flatMap(literalTexts).filter((i) => SENTENCE.test(i.words)), "error message");
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      const prop = node.left.name.text;
      const isDocumentTitle = prop === "title" && node.left.expression.getText(source) === "document";
      if (SINK_PROPERTIES.has(prop) || isDocumentTitle) reportAll(literalTexts(node.right), `.${prop} =`);
    }
    ts.forEachChild(node, visit);
  }
  visit(source);
  return findings;
}

/** The allowlist: [{ text, reason, file? }]; every entry must give its reason. */
export function loadAllowlist(file) {
  if (!file || !fs.existsSync(file)) return [];
  const entries = JSON.parse(fs.readFileSync(file, "utf8")).allow ?? [];
  for (const e of entries) {
    if (typeof e.text !== "string" || typeof e.reason !== "string" || !e.reason.trim())
      throw new Error(`${file}: every entry needs "text" and a "reason": ${JSON.stringify(e)}`);
  }
  return entries;
}

function allowed(finding, allowlist) {
  return allowlist.find((e) => normalize(e.text) === finding.text && (!e.file || e.file === finding.file));
}

export function lintDirectory(srcDir, allowlist = []) {
  const root = path.dirname(path.resolve(srcDir));
  const findings = [];
  const used = new Set();
  for (const file of walkDir(srcDir)) {
    const rel = path.relative(root, file).split(path.sep).join("/");
    for (const f of lintSource(file, fs.readFileSync(file, "utf8"), rel)) {
      const entry = allowed(f, allowlist);
      if (entry) used.add(entry);
      else findings.push(f);
    }
  }
  return { findings, unused: allowlist.filter((e) => !used.has(e)) };
}

function main(argv) {
  const args = argv.slice(2);
  let allowFile = path.join(HERE, "i18n-lint-allow.json");
  let json = false;
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--allow") allowFile = args[++i];
    else if (args[i] === "--json") json = true;
    else positional.push(args[i]);
  }
  const srcDir = path.resolve(positional[0] ?? path.join(FRONTEND, "src"));
  const { findings, unused } = lintDirectory(srcDir, loadAllowlist(allowFile));
  if (json) {
    process.stdout.write(JSON.stringify({ findings, unused }, null, 2) + "\n");
  } else {
    for (const f of findings) console.log(`${f.file}:${f.line}:${f.col}  ${JSON.stringify(f.text)}  (${f.rule})`);
    for (const e of unused) console.error(`note: allowlist entry not used any more: ${JSON.stringify(e.text)}${e.file ? ` in ${e.file}` : ""}`);
    console.log(
      findings.length
        ? `\n${findings.length} user-facing string(s) outside Lingui's macros: wrap them in t\`…\` / msg\`…\` (docs/translating.md), or allowlist a deliberate exception with its reason in scripts/i18n-lint-allow.json.`
        : "i18n lint: no user-facing string outside Lingui's macros.",
    );
  }
  return findings.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv);
  } catch (error) {
    console.error(`i18n lint could not run: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 2;
  }
}
