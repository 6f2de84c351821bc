// Signs webhook requests with Twilio's official helper library, for
// twilio_npm_signature_pgtest.cc. Usage: node twilio_sign.js TWILIO_MODULE_DIR JSON
// where JSON is [{"token": ..., "url": ..., "params": {...}}, ...]; prints the JSON array of
// the X-Twilio-Signature values, after checking each with the library's validateRequest.
'use strict';
const twilio = require(process.argv[2]);
const requests = JSON.parse(process.argv[3]);
const signatures = requests.map(({token, url, params}) => {
  const signature = twilio.getExpectedTwilioSignature(token, url, params);
  if (!twilio.validateRequest(token, signature, url, params)) {
    throw new Error('validateRequest refused its own signature for ' + url);
  }
  return signature;
});
process.stdout.write(JSON.stringify(signatures));
