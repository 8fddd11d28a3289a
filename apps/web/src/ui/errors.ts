import type { TFunction } from 'i18next';

/**
 * What to show when the server refuses an action: a changed incident asks to try again, a refusal
 * says why in the server's words (never a silent FORBIDDEN), anything else as an error.
 */
export function errorText(t: TFunction, e: unknown): string {
  const err = e as { errors?: { message?: string; extensions?: { code?: string } }[]; message?: string };
  const first = err.errors?.[0];
  const code = first?.extensions?.code;
  const message = first?.message ?? err.message ?? String(e);
  if (code === 'CONFLICT' || code === 'INVALID_TRANSITION') return t('incident.changed');
  if (code === 'FORBIDDEN') return t('coord.forbidden', { message });
  if (code === 'BAD_USER_INPUT' || code === 'BAD_INPUT') return t('coord.refused', { message });
  return t('common.error', { message });
}
