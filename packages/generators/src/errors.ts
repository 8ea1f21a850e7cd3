/** A name, setting or write the generator refuses: the message says which and why. */
export class GeneratorError extends Error {
  override name = "GeneratorError";
}
