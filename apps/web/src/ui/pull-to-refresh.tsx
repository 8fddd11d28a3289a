import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Pull down at the top of the page to refresh (touch), or use the button (mouse, keyboard). */
export function PullToRefresh({
  onRefresh,
  children,
}: {
  onRefresh: () => Promise<unknown>;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const start = useRef<number | null>(null);
  const [pull, setPull] = useState(0);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      await onRefresh();
    } finally {
      setBusy(false);
      setPull(0);
    }
  };

  return (
    <div
      className="ptr"
      onTouchStart={(e) => {
        start.current = window.scrollY <= 0 ? e.touches[0].clientY : null;
      }}
      onTouchMove={(e) => {
        if (start.current !== null) setPull(Math.max(0, Math.min(120, e.touches[0].clientY - start.current)));
      }}
      onTouchEnd={() => {
        if (pull > 70 && !busy) void run();
        else setPull(0);
        start.current = null;
      }}
    >
      <div className="ptr-indicator" style={{ height: busy ? 36 : pull / 2 }} aria-hidden={!busy}>
        {busy ? t('common.refreshing') : pull > 0 ? t('common.pullToRefresh') : ''}
      </div>
      <div className="ptr-bar">
        <button type="button" onClick={() => void run()} disabled={busy}>
          ⟳ {busy ? t('common.refreshing') : t('common.refresh')}
        </button>
      </div>
      {children}
    </div>
  );
}
