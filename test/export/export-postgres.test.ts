import { describe } from 'node:test';
import { POSTGRES, postgresAvailable } from '../helpers/backends.js';
import { exportSuite } from './export-suite.js';

// The same suite as export.test.ts against PostgreSQL, in a file of its own so the two run side by side.
if (await postgresAvailable()) await exportSuite(POSTGRES);
else describe('exports (postgres)', { skip: 'PostgreSQL absent (SITREP_TEST_PG)' }, () => {});
