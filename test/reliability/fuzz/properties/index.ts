import type { FuzzProperty } from '../property.ts';
import { compilesOrRefuses } from './compiler.ts';
import { survivesAnything as datasetsSurvive, holdsTheLimits } from './dataset-hostile.ts';
import { refusesBadIds, refusesOtherDatasetsAndKeys } from './dataset-refusals.ts';
import {
  acceptsValidRecords,
  namesTheDefect as datasetDefects,
  readsNumberLiterals,
  storesDeepContexts,
} from './datasets.ts';
import { survivesAnything as logsSurvive, storesDeepMetadata } from './log-hostile.ts';
import { acceptsValidEvents, namesTheDefect as eventDefects } from './logs.ts';
import { answersValidQueries, survivesAnything as querySurvives } from './query.ts';
import { storesWhatIsAccepted } from './storage.ts';

/** Properties by test file; `npm run fuzz` splits its cases over all of them by weight. */
export const PROPERTY_GROUPS = {
  datasets: [
    acceptsValidRecords,
    datasetDefects,
    readsNumberLiterals,
    storesDeepContexts,
    refusesBadIds,
    refusesOtherDatasetsAndKeys,
    datasetsSurvive,
    holdsTheLimits,
  ],
  logs: [acceptsValidEvents, eventDefects, storesDeepMetadata, logsSurvive],
  query: [storesWhatIsAccepted, answersValidQueries, querySurvives, compilesOrRefuses],
} satisfies Record<string, FuzzProperty[]>;

export type PropertyGroup = keyof typeof PROPERTY_GROUPS;

export const ALL_PROPERTIES: FuzzProperty[] = Object.values(PROPERTY_GROUPS).flat();
