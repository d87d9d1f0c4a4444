import { SQLITE } from '../helpers/backends.js';
import { apiSuite } from './api-suite.js';

await apiSuite(SQLITE);
