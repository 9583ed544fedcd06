/** Previous / next month and a month picker, within the months that have records; `label` names the group. */
import { t } from "@lingui/core/macro";
import { addMonths, type Month } from "../months";
import "./medicines.css";

export function MonthNav(props: { id: string; month: Month; first: Month; last: Month; onChange: (m: Month) => void; label: string }) {
  const { month, first, last } = props;
  return (
    <div class="month-nav" role="group" aria-label={props.label}>
      <button type="button" class="secondary" disabled={month <= first} onClick={() => props.onChange(addMonths(month, -1))}>
        {t`Previous month`}
      </button>
      <span class="month-pick">
        <label for={props.id}>{t`Month`}</label>
        <input
          id={props.id}
          type="month"
          min={first}
          max={last}
          value={month}
          onChange={(e) => {
            const value = (e.currentTarget as HTMLInputElement).value;
            if (/^\d{4}-\d{2}$/.test(value)) props.onChange(value < first ? first : value > last ? last : value);
          }}
        />
      </span>
      <button type="button" class="secondary" disabled={month >= last} onClick={() => props.onChange(addMonths(month, 1))}>
        {t`Next month`}
      </button>
    </div>
  );
}
