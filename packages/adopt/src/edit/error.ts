/** Why an edit cannot be made safely: the fix is skipped with this reason, nothing is written. */
export class EditError extends Error {
  override name = "EditError";
}
