/**
 * An error the simulator answers in the Volcengine envelope: HTTP status + Code (+ CodeN for the
 * gateway's common codes). Codes and statuses follow the official error-code pages where known.
 */
export class VolcSimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly codeN?: number,
  ) {
    super(message);
    this.name = 'VolcSimError';
  }
}

/** Gateway (common) errors, shared by every service. */
export const gatewayErrors = {
  missingParameter: (name: string) =>
    new VolcSimError(400, 'MissingParameter', `The request is missing ${name} parameter.`, 100002),
  missingAuthenticationToken: () =>
    new VolcSimError(401, 'MissingAuthenticationToken', 'Request is missing Authentication Token', 100003),
  invalidAuthorization: (why: string) =>
    new VolcSimError(
      400,
      'InvalidAuthorization',
      `Invalid 'Authorization' header, Pls check authorization header. (${why})`,
    ),
  // 400, not the 403 of one volcengine page: the BytePlus table and the live gateway agree on 400.
  invalidTimestamp: () =>
    new VolcSimError(400, 'InvalidTimestamp', 'The Signature of the request is expired', 100006),
  serviceNotFound: (service: string) =>
    new VolcSimError(404, 'ServiceNotFound', `This service[${service}] not found.`, 100007),
  invalidActionOrVersion: (action: string, version: string) =>
    new VolcSimError(
      404,
      'InvalidActionOrVersion',
      `Could not find operation ${action} for version ${version}.`,
      100008,
    ),
  invalidAccessKey: (ak: string) =>
    new VolcSimError(
      401,
      'InvalidAccessKey',
      `The accesskey [${ak}] included in the request is invalid.`,
      100009,
    ),
  signatureDoesNotMatch: () =>
    new VolcSimError(
      401,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your Secret Access Key and signing method. Consult the service documentation for details.',
      100010,
    ),
  accessDenied: (action: string, resource: string) =>
    new VolcSimError(
      403,
      'AccessDenied',
      `User is not authorized to perform: ${action} on resource: ${resource}.`,
      100013,
    ),
  flowLimitExceeded: () =>
    new VolcSimError(429, 'FlowLimitExceeded', 'Request was denied due to request throttling.', 100018),
  internalError: () =>
    new VolcSimError(500, 'InternalError', 'The request has failed due to an unknown error.', 100014),
  serviceUnavailable: () =>
    new VolcSimError(
      503,
      'ServiceUnavailableTemporary',
      'Service unavailable temporarily, please try again later.',
      100019,
    ),
};

/**
 * An answer whose HTTP status is plausible but whose Code no primary source gives (unverified). The code
 * says so (`Unverified.<guess>`), so no AirGate code path can come to depend on it: AirGate reads the
 * state back instead (lists attachments, reads keys) and logs whatever code it met.
 */
export function unverified(status: number, guess: string, message: string): VolcSimError {
  return new VolcSimError(status, `Unverified.${guess}`, message);
}

/** Parameter errors: IAM uses its own codes, billing the gateway's generic ones. */
export const paramErrors = {
  iamMissing: (name: string) =>
    new VolcSimError(400, 'ParameterNotFound', `Parameter '${name}' is required, but not found.`),
  invalid: (code: string, name: string, value: string, why: string) =>
    new VolcSimError(400, code, `Invalid ${name} '${value}', err: '${why}'.`),
  billingMissing: (name: string) =>
    new VolcSimError(400, 'MissingParameter', `The request is missing ${name} parameter.`),
  billingInvalid: (name: string, why: string) =>
    new VolcSimError(400, 'InvalidParameter', `The parameter ${name} is invalid: ${why}.`),
};
