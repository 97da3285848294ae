// Segmented control choosing the dashboard's time range.
import { RANGES, type RangeId } from './time-range';

export function TimeRangePicker({ value, onChange }: { value: RangeId; onChange(range: RangeId): void }) {
  return (
    <div className="button-group" role="radiogroup" aria-label="Time range">
      {RANGES.map((r) => (
        <button key={r.id} type="button" role="radio" aria-checked={value === r.id} className={value === r.id ? 'primary' : undefined} onClick={() => onChange(r.id)}>
          {r.label}
        </button>
      ))}
    </div>
  );
}
