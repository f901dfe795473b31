import { useLink } from '../hooks/api-context';
import { useMessages } from '../i18n/i18n';

/**
 * Said at the top of a page of live state once the daemon is out of reach: what the page shows is from before,
 * and its buttons are off. Not while the window first connects, when there is nothing on the page yet.
 */
export function OfflineNotice() {
  const m = useMessages();
  const link = useLink();
  if (link.status === 'open' || !link.lost) return null;
  return (
    <p className="warning offline" role="status">
      {m.offline.notice}
    </p>
  );
}
