import type { WidgetProps } from './WidgetProps';

export function RatingWidget({ id, field, value, readOnly, onChange, onBlur }: WidgetProps) {
  const max = field.max && field.max > 0 && field.max <= 10 ? field.max : 5;
  const current = typeof value === 'number' ? value : 0;
  return (
    <span id={id} className="lc-rating" role="radiogroup" onBlur={onBlur}>
      {Array.from({ length: max }, (_, i) => (
        <button
          key={i}
          type="button"
          role="radio"
          aria-checked={current === i + 1}
          aria-label={String(i + 1)}
          className={i < current ? 'lc-star lc-star-on' : 'lc-star'}
          disabled={readOnly}
          onClick={() => onChange(current === i + 1 ? undefined : i + 1)}
        >
          ★
        </button>
      ))}
    </span>
  );
}
