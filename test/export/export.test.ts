import { SQLITE } from '../helpers/backends.js';
import { exportSuite } from './export-suite.js';

await exportSuite(SQLITE);
