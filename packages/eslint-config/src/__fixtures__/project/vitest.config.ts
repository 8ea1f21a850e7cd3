export const config = { retries: 1 };
