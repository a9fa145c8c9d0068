// The YAML parser the register hook hands to the configuration: the `yaml` package bundled into one
// file (the package itself is 77), loaded only when a spawn file is read.
export { parse } from 'yaml';
