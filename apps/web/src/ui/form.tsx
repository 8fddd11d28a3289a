import type { ReactNode } from 'react';

/** The outcome of an action, shown above or below its form. */
export type Msg = { ok: boolean; text: string } | null;

/** An error for a form or a screen, announced at once. */
export function ErrorAlert({ children }: { children: ReactNode }) {
  return (
    <p className="alert error" role="alert">
      {children}
    </p>
  );
}

/**
 * The outcome of an action: a success is a status; an error is an alert, or a status where the
 * screen announces it politely (`errorRole="status"`).
 */
export function FormMessage({ msg, errorRole = 'alert' }: { msg: Msg; errorRole?: 'alert' | 'status' }) {
  return msg ? (
    <p className={`alert ${msg.ok ? 'success' : 'error'}`} role={msg.ok ? 'status' : errorRole}>
      {msg.text}
    </p>
  ) : null;
}

/**
 * A labelled select over a fixed list of values (an enum). With `empty`, a first option with the
 * value "" and that text (then `T` includes "").
 */
export function EnumSelect<T extends string>({
  id,
  label,
  value,
  options,
  optionLabel = (v) => v,
  empty,
  onChange,
}: {
  id: string;
  label: string;
  value: T;
  options: readonly T[];
  optionLabel?: (value: T) => string;
  empty?: string;
  onChange: (value: T) => void;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {optionLabel(o)}
          </option>
        ))}
      </select>
    </>
  );
}

/** A labelled select of agencies by name, with a first option "" (none / any) showing `empty`. */
export function AgencySelect({
  id,
  label,
  value,
  agencies,
  empty,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  agencies: readonly { id: string; name: string }[] | undefined;
  empty: string;
  onChange: (agencyId: string) => void;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{empty}</option>
        {agencies?.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
    </>
  );
}
