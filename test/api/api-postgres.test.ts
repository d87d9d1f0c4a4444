import { describe } from 'node:test';
import { POSTGRES, postgresAvailable } from '../helpers/backends.js';
import { apiSuite } from './api-suite.js';

// The same suite as api.test.ts against PostgreSQL, in a file of its own so the two run side by side.
if (await postgresAvailable()) await apiSuite(POSTGRES);
else describe('API (postgres)', { skip: 'PostgreSQL absent (SITREP_TEST_PG)' }, () => {});
