import { fuzzSuite } from './suite.ts';

// Properties in properties/index.ts; QUARRY_FUZZ_RUNS and friends in config.ts.
fuzzSuite('datasets');
