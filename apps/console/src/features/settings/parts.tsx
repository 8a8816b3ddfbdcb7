import type { ReactNode } from 'react';
import { CopyBlock } from '../../ui/primitives';

/** A small button in a table row; `label` names the row too ("Revoke ci"), for screen readers. */
export function RowAction(props: {
  label: string;
  onClick: () => void;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={props.danger ? 'small danger' : 'small'}
      aria-label={props.label}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

/** A secret the API answers once (a key, a token, a signing secret), announced and ready to copy. */
export function ShownOnce(props: { message: string; label: string; secret: string | undefined }) {
  return (
    <div role="status">
      <p>{props.message}</p>
      {props.secret && <CopyBlock label={props.label} text={props.secret} />}
    </div>
  );
}
