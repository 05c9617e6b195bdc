import Button, { ButtonProps } from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';

/** Props of {@link ActionButton}. */
export interface ActionButtonProps extends ButtonProps {
  /** Why the button is disabled, or a caveat; shown as its tooltip. */
  reason?: string;
}

/**
 * A small outlined button with a tooltip saying why it is disabled. The
 * tooltip sits on a wrapper, since a disabled button gets no hover events.
 */
export const ActionButton = ({ reason, ...props }: ActionButtonProps) => {
  const button = <Button variant="outlined" size="small" {...props} />;
  if (!reason) {
    return button;
  }
  return (
    <Tooltip title={reason}>
      <span>{button}</span>
    </Tooltip>
  );
};
