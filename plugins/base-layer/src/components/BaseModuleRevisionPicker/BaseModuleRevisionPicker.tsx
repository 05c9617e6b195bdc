import { parseEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { DeployedRevision } from '@internal/plugin-base-layer-common';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { baseLayerApiRef } from '../../api';
import { formatRelativeTime, shortRevision } from '../../lib/format';

/** `ui:options` of the field. @public */
export interface BaseModuleRevisionPickerUiOptions {
  /** The form field holding the module's entity ref. Default `entity`. */
  entityField?: string;
}

/** The entity ref the form holds, parsed; undefined while none is chosen. */
function chosenEntity(value: unknown) {
  if (typeof value !== 'string' || value === '') {
    return undefined;
  }
  try {
    return parseEntityRef(value, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    return undefined;
  }
}

function RevisionLabel(props: { entry: DeployedRevision; current: boolean }) {
  const { entry, current } = props;
  return (
    <span>
      <Typography
        component="span"
        variant="body2"
        style={{ fontFamily: 'monospace' }}
      >
        {shortRevision(entry.revision)}
      </Typography>{' '}
      <Typography component="span" variant="body2" color="textSecondary">
        deployed {entry.deployedAt} ({formatRelativeTime(entry.deployedAt)})
        {current ? ' · deployed now' : ''}
      </Typography>
    </span>
  );
}

/**
 * `BaseModuleRevisionPicker`: the revisions of the chosen BASE module's Argo
 * CD history, newest first, with when each was deployed and the one deployed
 * now marked. Reads them live from the base-layer backend whenever the
 * module changes. A value given through the URL's `formData` stays selected,
 * shown as such when it is not in the history.
 *
 * @public
 */
export const BaseModuleRevisionPicker = (
  props: FieldExtensionComponentProps<
    string,
    BaseModuleRevisionPickerUiOptions
  >,
) => {
  const {
    formData,
    onChange,
    required,
    rawErrors,
    schema,
    uiSchema,
    formContext,
    idSchema,
  } = props;
  const api = useApi(baseLayerApiRef);
  const entityField = uiSchema?.['ui:options']?.entityField ?? 'entity';
  const entityRef = (formContext?.formData as Record<string, unknown>)?.[
    entityField
  ];
  const entity = chosenEntity(entityRef);
  const { value, loading, error } = useAsync(
    async () => (entity ? api.getRevisions(entity) : undefined),
    [api, entity?.kind, entity?.namespace, entity?.name],
  );

  const title = schema.title ?? 'Revision';
  let body: JSX.Element;
  if (!entity) {
    body = <FormHelperText>Choose the BASE module first.</FormHelperText>;
  } else if (loading) {
    body = <Progress />;
  } else if (error) {
    body = (
      <FormHelperText error>
        Could not read the Argo CD history of {String(entityRef)}:{' '}
        {error.message}
      </FormHelperText>
    );
  } else {
    const applications = value?.applications ?? [];
    const listed = new Set(
      applications.flatMap(a => a.history.map(h => h.revision)),
    );
    body = (
      <RadioGroup
        aria-label={title}
        name={idSchema?.$id ?? 'revision'}
        value={formData ?? ''}
        onChange={event => onChange(event.target.value)}
      >
        {formData && !listed.has(formData) && (
          <FormControlLabel
            value={formData}
            control={<Radio />}
            label={`${formData} (given in the link; not in the Argo CD history)`}
          />
        )}
        {applications.map(app => (
          <Box
            key={`${app.source}/${app.name}`}
            display="flex"
            flexDirection="column"
          >
            {applications.length > 1 && (
              <Typography variant="subtitle2">
                {app.name} ({app.source})
              </Typography>
            )}
            {app.history.length === 0 && (
              <FormHelperText>
                {app.name} has no deployment history in Argo CD.
              </FormHelperText>
            )}
            {app.history.map(entry => (
              <FormControlLabel
                key={`${app.name}-${entry.id}`}
                value={entry.revision}
                control={<Radio />}
                label={
                  <RevisionLabel
                    entry={entry}
                    current={entry.revision === app.current}
                  />
                }
              />
            ))}
          </Box>
        ))}
      </RadioGroup>
    );
  }

  return (
    <FormControl
      margin="normal"
      required={required}
      error={(rawErrors?.length ?? 0) > 0}
      fullWidth
    >
      <FormLabel component="legend">{title}</FormLabel>
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      {body}
    </FormControl>
  );
};
