// A focused validator for SARIF 2.1.0: the objects of the OASIS schema (sarif-schema-2.1.0.json)
// that a lint tool's log uses, each with the schema's property names (additionalProperties:
// false), its required properties, its enums and minimums, and the `uri` / `uri-reference`
// formats of RFC 3986 — what the schema and the Microsoft validator's SARIF1002 reject a log for.
// No network and no schema file: the schema is not in node_modules, so its rules are written here.

type Json = unknown;

interface Shape {
  properties: Readonly<Record<string, Check>>;
  required?: readonly string[];
  /** At least one of these (the schema's `anyOf` of `required`). */
  anyOf?: readonly string[];
}

type Check = (value: Json, at: string, errors: string[]) => void;

const UNRESERVED_OR_ESCAPED = /^(?:[\w\-.~:/?#[\]@!$&'()*+,;=]|%[\dA-F]{2})*$/i;
const SCHEME = /^[A-Z][\w+\-.]*:/i;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const string: Check = (value, at, errors) => {
  if (typeof value !== 'string') errors.push(`${at}: must be a string`);
};

/** RFC 3986 URI reference: only unreserved, reserved and percent-encoded characters (no spaces). */
const uriReference: Check = (value, at, errors) => {
  if (typeof value !== 'string') errors.push(`${at}: must be a string`);
  else if (!UNRESERVED_OR_ESCAPED.test(value)) errors.push(`${at}: '${value}' is not a valid uri-reference (characters must be percent-encoded)`);
};

/** RFC 3986 absolute URI: a uri-reference with a scheme. */
const uri: Check = (value, at, errors) => {
  uriReference(value, at, errors);
  if (typeof value === 'string' && !SCHEME.test(value)) errors.push(`${at}: '${value}' is not an absolute uri`);
};

function integer(minimum: number): Check {
  return (value, at, errors) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) errors.push(`${at}: must be an integer`);
    else if (value < minimum) errors.push(`${at}: must be >= ${minimum}`);
  };
}

const boolean: Check = (value, at, errors) => {
  if (typeof value !== 'boolean') errors.push(`${at}: must be a boolean`);
};

function oneOf(...allowed: string[]): Check {
  return (value, at, errors) => {
    if (typeof value !== 'string' || !allowed.includes(value)) errors.push(`${at}: must be one of ${allowed.join(', ')}`);
  };
}

function arrayOf(item: Check, { unique = false, minItems = 0 } = {}): Check {
  return (value, at, errors) => {
    if (!Array.isArray(value)) {
      errors.push(`${at}: must be an array`);
      return;
    }
    if (value.length < minItems) errors.push(`${at}: needs at least ${minItems} item(s)`);
    if (unique && new Set(value.map((entry) => JSON.stringify(entry))).size !== value.length) errors.push(`${at}: items must be unique`);
    value.forEach((entry, index) => item(entry, `${at}[${index}]`, errors));
  };
}

function recordOf(item: Check): Check {
  return (value, at, errors) => {
    if (!isObject(value)) errors.push(`${at}: must be an object`);
    else for (const [key, entry] of Object.entries(value)) item(entry, `${at}.${key}`, errors);
  };
}

/** Definitions refer to each other, so each is looked up when it is checked. */
const definitions: Record<string, Shape> = {};

function ref(name: string): Check {
  return (value, at, errors) => {
    const shape = definitions[name]!;
    if (!isObject(value)) {
      errors.push(`${at}: must be an object (${name})`);
      return;
    }
    for (const [key, entry] of Object.entries(value)) {
      const check = shape.properties[key];
      if (!check) errors.push(`${at}: property '${key}' is not allowed in ${name}`);
      else check(entry, `${at}.${key}`, errors);
    }
    for (const key of shape.required ?? []) if (!(key in value)) errors.push(`${at}: ${name} requires '${key}'`);
    if (shape.anyOf && !shape.anyOf.some((key) => key in value)) errors.push(`${at}: ${name} requires one of ${shape.anyOf.join(', ')}`);
  };
}

/** A property bag takes any properties; `tags` are unique strings. */
const propertyBag: Check = (value, at, errors) => {
  if (!isObject(value)) {
    errors.push(`${at}: must be an object (propertyBag)`);
    return;
  }
  if ('tags' in value) arrayOf(string, { unique: true })(value.tags, `${at}.tags`, errors);
};

Object.assign(definitions, {
  sarifLog: {
    properties: { $schema: uri, version: oneOf('2.1.0'), runs: arrayOf(ref('run')), inlineExternalProperties: arrayOf(recordOf(() => {})), properties: propertyBag },
    required: ['version', 'runs'],
  },
  run: {
    properties: {
      tool: ref('tool'),
      invocations: arrayOf(ref('invocation')),
      originalUriBaseIds: recordOf(ref('artifactLocation')),
      artifacts: arrayOf(ref('artifact'), { unique: true }),
      results: arrayOf(ref('result')),
      language: string,
      columnKind: oneOf('utf16CodeUnits', 'unicodeCodePoints'),
      automationDetails: recordOf(() => {}),
      properties: propertyBag,
    },
    required: ['tool'],
  },
  tool: { properties: { driver: ref('toolComponent'), extensions: arrayOf(ref('toolComponent'), { unique: true }), properties: propertyBag }, required: ['driver'] },
  toolComponent: {
    properties: {
      guid: string,
      name: string,
      organization: string,
      product: string,
      fullName: string,
      version: string,
      semanticVersion: string,
      informationUri: uri,
      downloadUri: uri,
      shortDescription: ref('multiformatMessageString'),
      fullDescription: ref('multiformatMessageString'),
      rules: arrayOf(ref('reportingDescriptor'), { unique: true }),
      notifications: arrayOf(ref('reportingDescriptor'), { unique: true }),
      properties: propertyBag,
    },
    required: ['name'],
  },
  reportingDescriptor: {
    properties: {
      id: string,
      deprecatedIds: arrayOf(string, { unique: true }),
      guid: string,
      name: string,
      shortDescription: ref('multiformatMessageString'),
      fullDescription: ref('multiformatMessageString'),
      messageStrings: recordOf(ref('multiformatMessageString')),
      defaultConfiguration: ref('reportingConfiguration'),
      helpUri: uri,
      help: ref('multiformatMessageString'),
      properties: propertyBag,
    },
    required: ['id'],
  },
  reportingConfiguration: {
    properties: { enabled: boolean, level: oneOf('none', 'note', 'warning', 'error'), rank: integer(-1), parameters: propertyBag, properties: propertyBag },
  },
  reportingDescriptorReference: { properties: { id: string, index: integer(-1), guid: string, toolComponent: recordOf(() => {}), properties: propertyBag }, anyOf: ['index', 'guid', 'id'] },
  multiformatMessageString: { properties: { text: string, markdown: string, properties: propertyBag }, required: ['text'] },
  message: { properties: { text: string, markdown: string, id: string, arguments: arrayOf(string), properties: propertyBag }, anyOf: ['text', 'id'] },
  result: {
    properties: {
      ruleId: string,
      ruleIndex: integer(-1),
      rule: ref('reportingDescriptorReference'),
      kind: oneOf('notApplicable', 'pass', 'fail', 'review', 'open', 'informational'),
      level: oneOf('none', 'note', 'warning', 'error'),
      message: ref('message'),
      locations: arrayOf(ref('location')),
      relatedLocations: arrayOf(ref('location'), { unique: true }),
      partialFingerprints: recordOf(string),
      fingerprints: recordOf(string),
      suppressions: arrayOf(recordOf(() => {}), { unique: true }),
      baselineState: oneOf('new', 'unchanged', 'updated', 'absent'),
      rank: integer(-1),
      properties: propertyBag,
    },
    required: ['message'],
  },
  location: { properties: { id: integer(-1), physicalLocation: ref('physicalLocation'), message: ref('message'), properties: propertyBag } },
  physicalLocation: {
    properties: { artifactLocation: ref('artifactLocation'), region: ref('region'), contextRegion: ref('region'), properties: propertyBag },
    anyOf: ['address', 'artifactLocation'],
  },
  artifactLocation: { properties: { uri: uriReference, uriBaseId: string, index: integer(-1), description: ref('message'), properties: propertyBag } },
  artifact: { properties: { location: ref('artifactLocation'), length: integer(-1), mimeType: string, encoding: string, sourceLanguage: string, properties: propertyBag } },
  region: {
    properties: {
      startLine: integer(1),
      startColumn: integer(1),
      endLine: integer(1),
      endColumn: integer(1),
      charOffset: integer(-1),
      charLength: integer(0),
      byteOffset: integer(-1),
      byteLength: integer(0),
      message: ref('message'),
      sourceLanguage: string,
      properties: propertyBag,
    },
  },
  invocation: {
    properties: {
      commandLine: string,
      arguments: arrayOf(string),
      startTimeUtc: string,
      endTimeUtc: string,
      exitCode: integer(Number.MIN_SAFE_INTEGER),
      executionSuccessful: boolean,
      toolExecutionNotifications: arrayOf(ref('notification')),
      toolConfigurationNotifications: arrayOf(ref('notification')),
      workingDirectory: ref('artifactLocation'),
      properties: propertyBag,
    },
    required: ['executionSuccessful'],
  },
  notification: {
    properties: {
      locations: arrayOf(ref('location')),
      message: ref('message'),
      level: oneOf('none', 'note', 'warning', 'error'),
      threadId: integer(Number.MIN_SAFE_INTEGER),
      timeUtc: string,
      descriptor: ref('reportingDescriptorReference'),
      associatedRule: ref('reportingDescriptorReference'),
      properties: propertyBag,
    },
    required: ['message'],
  },
} satisfies Record<string, Shape>);

/** The schema errors of a SARIF log, each as `path: what is wrong`; empty when it is valid. */
export function sarifErrors(log: Json): string[] {
  const errors: string[] = [];
  ref('sarifLog')(log, '$', errors);
  if (isObject(log) && Array.isArray(log.runs)) {
    log.runs.forEach((run: Json, index) => {
      if (!isObject(run) || !Array.isArray(run.results)) return;
      // Beyond the schema: a result's ruleIndex points at its rule (SARIF §3.27.6).
      const rules = (isObject(run.tool) && isObject(run.tool.driver) && Array.isArray(run.tool.driver.rules) ? run.tool.driver.rules : []) as { id?: string }[];
      run.results.forEach((result: Json, at) => {
        if (isObject(result) && typeof result.ruleIndex === 'number' && rules[result.ruleIndex]?.id !== result.ruleId) {
          errors.push(`$.runs[${index}].results[${at}]: ruleIndex ${result.ruleIndex} does not name rule ${String(result.ruleId)}`);
        }
      });
    });
  }
  return errors;
}
