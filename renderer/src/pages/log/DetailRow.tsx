import { memo } from 'react';
import type { DetailText } from './story-details';

/** The long texts of an opened story, whole and selectable: the replies as sent, errors with their reference. */
export const DetailRow = memo(function DetailRow({ texts }: { texts: readonly DetailText[] }) {
  return (
    <div className="cell story-detail" role="gridcell" tabIndex={0}>
      {texts.map(({ key, heading, text, tone }) => (
        <section key={key} className={tone}>
          <h3>{heading}</h3>
          <p>{text}</p>
        </section>
      ))}
    </div>
  );
});
