/**
 * One setting: a labelled control, its hint, and the core's own sentence when the value is invalid, tied to the
 * control with aria-describedby / aria-invalid so screen readers read the error with the field.
 */
import type { FieldModel } from './settingsModel';
import { ORDER_TYPES } from './settingsModel';

export function fieldId(path: string): string {
  return `setting-${path.replaceAll('.', '-')}`;
}

/** Numbers typed as text; anything else is passed on as typed so the core's sentence can quote it. */
function parseNumberText(text: string, emptyIsUnset: boolean): unknown {
  const t = text.trim();
  if (t === '' && emptyIsUnset) return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : text;
}

function bytesHint(value: unknown): string | null {
  if (typeof value !== 'number' || value <= 0) return null;
  if (value >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(1)} MB`;
  if (value >= 1024) return `${(value / 1024).toFixed(1)} KB`;
  return null;
}

export interface SettingFieldProps {
  field: FieldModel;
  value: unknown;
  error: string | undefined;
  onChange: (value: unknown) => void;
}

export function SettingField({ field, value, error, onChange }: SettingFieldProps) {
  const id = fieldId(field.path);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const size = field.kind.type === 'int' && field.kind.unit === 'bytes' ? bytesHint(value) : null;
  const hint = [field.hint, size ? `Now ${size}.` : null].filter(Boolean).join(' ');
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const common = { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined, 'data-path': field.path } as const;
  const kind = field.kind;

  let control;
  switch (kind.type) {
    case 'bool':
      control = <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
      break;
    case 'select':
      control = (
        <select {...common} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
          {kind.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'list':
      control = (
        <textarea
          {...common}
          rows={3}
          placeholder={kind.placeholder}
          value={Array.isArray(value) ? value.join('\n') : String(value ?? '')}
          onChange={(e) =>
            onChange(
              e.target.value
                .split('\n')
                .map((s) => s.trim())
                .filter((s) => s !== ''),
            )
          }
        />
      );
      break;
    case 'orderTypes': {
      const chosen = Array.isArray(value) ? (value as string[]) : [...ORDER_TYPES];
      control = (
        <fieldset {...common} className="checkbox-group">
          <legend className="sr-only">{field.label}</legend>
          {ORDER_TYPES.map((t) => (
            <label key={t}>
              <input
                type="checkbox"
                checked={chosen.includes(t)}
                onChange={(e) => {
                  const next = e.target.checked ? [...chosen, t] : chosen.filter((c) => c !== t);
                  // All allowed is the same as no restriction: store nothing.
                  onChange(ORDER_TYPES.every((o) => next.includes(o)) ? undefined : ORDER_TYPES.filter((o) => next.includes(o)));
                }}
              />
              {t.replace('_', ' ')}
            </label>
          ))}
        </fieldset>
      );
      break;
    }
    case 'int':
    case 'optionalNumber':
      control = (
        <input
          {...common}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(parseNumberText(e.target.value, kind.type === 'optionalNumber'))}
        />
      );
      break;
    default:
      control = (
        <input {...common} type="text" autoComplete="off" spellCheck={false} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />
      );
  }

  const isCheckbox = kind.type === 'bool';
  return (
    <div className={`field ${isCheckbox ? 'field-checkbox' : ''} ${error ? 'field-invalid' : ''}`}>
      {isCheckbox ? (
        <>
          {control}
          <label htmlFor={id}>{field.label}</label>
        </>
      ) : kind.type === 'orderTypes' ? (
        <>
          <span className="label" aria-hidden="true">
            {field.label}
          </span>
          {control}
        </>
      ) : (
        <>
          <label htmlFor={id}>{field.label}</label>
          {control}
        </>
      )}
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
