/** The listing moved to @paved/facts; re-exported so that `@paved/conformance/listing` keeps working. */
export * from "@paved/facts/listing";
