import { describe } from 'node:test';
import { POSTGRES, postgresAvailable } from '../helpers/backends.js';
import { cliSuite } from './cli-suite.js';

// The same suite as cli.test.ts against PostgreSQL, in a file of its own so the two run side by side.
if (await postgresAvailable()) cliSuite(POSTGRES);
else describe('sitrep CLI end to end (postgres)', { skip: 'PostgreSQL absent (SITREP_TEST_PG)' }, () => {});
