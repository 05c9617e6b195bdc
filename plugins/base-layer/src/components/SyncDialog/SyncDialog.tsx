import {
  ApplicationStatus,
  WaveGate,
} from '@internal/plugin-base-layer-common';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { Alert } from '@material-ui/lab';
import { useEffect, useState } from 'react';
import { describeGate } from '../../lib/actions';

/** What the person chose in the {@link SyncDialog}. */
export interface SyncChoice {
  /** Past the wave gate; only offered to those who may force. */
  force: boolean;
  /** Delete resources no longer in Git. */
  prune: boolean;
}

/** Props of {@link SyncDialog}. */
export interface SyncDialogProps {
  open: boolean;
  /** `Sync data-ingestion?`, `Sync wave 3 (BASE layer)?` */
  title: string;
  /** The applications the sync acts on. */
  applications: ApplicationStatus[];
  /** The gate that holds, shown with a "Sync anyway" box when `canForce`. */
  gate?: WaveGate;
  canForce: boolean;
  onCancel(): void;
  onConfirm(choice: SyncChoice): void;
}

/**
 * Asks before a sync, naming every application it will act on. While the
 * wave gate holds, an admin must tick "Sync anyway" to go past it.
 */
export const SyncDialog = ({
  open,
  title,
  applications,
  gate,
  canForce,
  onCancel,
  onConfirm,
}: SyncDialogProps) => {
  const [force, setForce] = useState(false);
  const [prune, setPrune] = useState(false);
  useEffect(() => {
    if (open) {
      setForce(false);
      setPrune(false);
    }
  }, [open]);
  const needsForce = Boolean(gate);

  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby="sync-dialog-title">
      <DialogTitle id="sync-dialog-title">{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {applications.length === 1
            ? 'Argo CD will sync this application:'
            : `Argo CD will sync these ${applications.length} applications:`}
        </DialogContentText>
        <List dense aria-label="Applications to sync">
          {applications.map(app => (
            <ListItem key={`${app.source}/${app.namespace}/${app.name}`}>
              <ListItemText
                primary={app.name}
                secondary={`${app.sync}, ${app.health}${
                  app.operationPhase
                    ? ` · last operation ${app.operationPhase}`
                    : ''
                }`}
              />
            </ListItem>
          ))}
        </List>
        {gate && (
          <Alert severity="warning">
            {describeGate(gate)}.{' '}
            {canForce
              ? 'Syncing now goes past the wave gate.'
              : 'Sync that wave first.'}
          </Alert>
        )}
        {gate && canForce && (
          <FormControlLabel
            control={
              <Checkbox
                checked={force}
                onChange={e => setForce(e.target.checked)}
              />
            }
            label="Sync anyway, past the wave gate"
          />
        )}
        <FormControlLabel
          control={
            <Checkbox
              checked={prune}
              onChange={e => setPrune(e.target.checked)}
            />
          }
          label="Prune resources that are no longer in Git"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={applications.length === 0 || (needsForce && !force)}
          onClick={() => onConfirm({ force: needsForce && force, prune })}
        >
          Sync
        </Button>
      </DialogActions>
    </Dialog>
  );
};
