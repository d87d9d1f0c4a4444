import { SQLITE } from '../helpers/backends.js';
import { cliSuite } from './cli-suite.js';

cliSuite(SQLITE);
