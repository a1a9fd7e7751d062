/** The engine package's version, as `packetwalk --version` prints it (kept equal to package.json by a test). */
export const VERSION = '0.1.0';
