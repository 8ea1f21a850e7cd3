import paved from "@paved/eslint-config";

export default paved({ tsconfigRootDir: import.meta.dirname });
