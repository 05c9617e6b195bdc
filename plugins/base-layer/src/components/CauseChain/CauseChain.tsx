import { parseEntityRef } from '@backstage/catalog-model';
import {
  CauseChain as CauseChainValue,
  CauseLink,
} from '@internal/plugin-base-layer-common';
import Typography from '@material-ui/core/Typography';

const entityName = (ref: string) => {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
};

/** `2025-06-12 08:40 UTC`: the same on every screen, as in the API. */
const formatTime = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};

function linkName(link: CauseLink, sourceShown: boolean): string {
  if (link.kind === 'application') {
    return sourceShown ? `${link.name} (${link.source})` : link.name;
  }
  return entityName(link.entityRef);
}

/** A link's evidence: `Degraded: SyncError "…" (Failed, since …)`. */
function evidence(link: CauseLink): string {
  switch (link.kind) {
    case 'application': {
      const e = link.evidence;
      if (e.sourceError) {
        return `Unknown: its source is down (${e.sourceError})`;
      }
      const state = [e.health, ...(e.sync === 'Synced' ? [] : [e.sync])].join(
        ', ',
      );
      const message = e.message
        ? `: ${e.conditionType ? `${e.conditionType} ` : ''}"${e.message}"`
        : '';
      const operation = [
        ...(e.operationPhase ? [e.operationPhase] : []),
        ...(e.operationStartedAt
          ? [`since ${formatTime(e.operationStartedAt)}`]
          : []),
      ].join(', ');
      return `${state}${message}${operation ? ` (${operation})` : ''}`;
    }
    case 'not-deployed':
      return 'in no source: no Argo CD application found';
    case 'missing-entity':
      return 'has no catalog entity';
    case 'cycle':
      return `is in a dependsOn cycle: ${link.cycle
        .map(entityName)
        .join(' → ')}`;
    default:
      return 'waits on its dependencies';
  }
}

/**
 * One chain as a sentence: `mlflow waits on vault → vault Degraded: …`.
 * Links before the root only say what they wait on next.
 */
export function describeCauseChain(
  chain: CauseChainValue,
  subject: string | undefined,
  sourceShown = false,
): string {
  const { links } = chain;
  const parts = [
    `${subject ? `${subject} waits` : 'Waits'} on ${linkName(
      links[0],
      sourceShown,
    )}`,
  ];
  for (let i = 0; i + 1 < links.length; i++) {
    parts.push(
      `${linkName(links[i], sourceShown)} waits on ${linkName(
        links[i + 1],
        sourceShown,
      )}`,
    );
  }
  const root = links[links.length - 1];
  parts.push(`${linkName(root, sourceShown)} ${evidence(root)}`);
  return parts.join(' → ');
}

/** Props of {@link CauseChain}. */
export interface CauseChainProps {
  /** The chains, as `waitsOn` of an application or wave gives them. */
  chains?: CauseChainValue[];
  /** What waits: an application's name; omitted, the sentence starts "Waits on". */
  subject?: string;
}

/**
 * Why an application or wave is waiting: one line per root cause, from the
 * dependency it waits on to what is wrong there.
 */
export const CauseChain = ({ chains, subject }: CauseChainProps) => {
  if (!chains || chains.length === 0) {
    return null;
  }
  // Name the source only when one application appears from two.
  const names = chains.flatMap(c =>
    c.links.flatMap(l =>
      l.kind === 'application' ? [`${l.name}\n${l.source}`] : [],
    ),
  );
  const sourceShown =
    new Set(names.map(n => n.split('\n')[0])).size < new Set(names).size;
  return (
    <>
      {chains.map(chain => {
        const text = describeCauseChain(chain, subject, sourceShown);
        return (
          <Typography
            key={text}
            variant="caption"
            color="textSecondary"
            display="block"
            data-testid="cause-chain"
          >
            {text}
          </Typography>
        );
      })}
    </>
  );
};
