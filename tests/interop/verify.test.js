// Independent verification of freshly issued credentials with Digital
// Bazaar's libraries (@digitalbazaar/vc 7, eddsa-rdfc-2022, Bitstring Status
// List). scripts/test.sh runs it on the folder the Odoo tests dumped into
// (MC_INTEROP_DIR); see addons/mc_credential/tests/interop.py for its layout.
//
// For each case: every proof verifies and every expected signer has one (N of
// N); the status list gives the page's answer. Then the same checks must fail
// for a tampered value, a dropped proof, a forged proof and a revoked award.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import * as vc from '@digitalbazaar/vc';
import {loadDump, makeLoader} from './loader.js';

const folder = process.env.MC_INTEROP_DIR;
if(!folder) {
  throw new Error('MC_INTEROP_DIR is not set: run through scripts/test.sh');
}
const {documents, cases} = loadDump(folder);
const documentLoader = makeLoader(documents);
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});

// Who holds the key of a proof: a joint award's proofs are made under the
// partnership's identifier (its controller is the issuer), each with a key
// that one member publishes in its own DID document too.
const holders = new Map();
for(const doc of documents.values()) {
  for(const method of (doc.verificationMethod || [])) {
    const list = holders.get(method.publicKeyMultibase) || [];
    list.push(method.controller);
    holders.set(method.publicKeyMultibase, list);
  }
}

function controllerOf(proof) {
  const method = String(proof.verificationMethod);
  const [controller] = method.split('#');
  const did = documents.get(controller);
  const vm = did && (did.verificationMethod || []).find(m => m.id === method);
  // only a document controlled by its members (the partnership's) delegates
  const members = [].concat((did && did.controller) || []);
  const others = vm ?
    (holders.get(vm.publicKeyMultibase) || []).filter(c => members.includes(c)) :
    [];
  return others.length === 1 ? others[0] : controller;
}

// The independent verdict on the proofs: Digital Bazaar's result per proof.
async function verifyProofs(credential) {
  const result = await vc.verifyCredential(
    {credential, suite, documentLoader, checkStatus: statusOf});
  const proofs = (result.results || []);
  assert.ok(proofs.every(r => r.proof),
    `not verified at all: ${result.error && result.error.message}`);
  return {
    result,
    valid: proofs.filter(r => r.verified).map(r => controllerOf(r.proof)),
    invalid: proofs.filter(r => !r.verified),
  };
}

function statusOf({credential}) {
  return checkStatus({
    credential, documentLoader, suite,
    verifyStatusListCredential: true, verifyMatchingIssuers: true,
  });
}

// N of N: every proof verifies and every expected signer has a valid one.
async function allSignersVerify(credential, signers) {
  const {valid, invalid} = await verifyProofs(credential);
  return invalid.length === 0 && signers.every(s => valid.includes(s)) &&
    valid.length === credential.proof.length;
}

async function revoked(credential) {
  const {verified, results, error} = await statusOf({credential});
  assert.ok(verified, `status not checked: ${error && error.message}`);
  return results.some(r => r.status === true);
}

function copy(value) {
  return structuredClone(value);
}

assert.ok(cases.length > 0, `no case in ${folder}`);

for(const {name, kind, credential, expect} of cases) {
  describe(`${name} (${kind})`, () => {
    it(`every proof verifies: ${expect.signers.length} of ` +
      `${expect.signers.length}`, async () => {
      const {result, valid, invalid} = await verifyProofs(credential);
      assert.deepEqual(invalid.map(r => String(r.error && r.error.message)), []);
      assert.deepEqual(
        [...new Set(valid)].sort(), [...new Set(expect.signers)].sort());
      // the whole verdict: proofs, and the status bit (vc's `verified` only
      // says that the status could be checked; the bit is in statusResult)
      assert.ok(result.statusResult && result.statusResult.verified);
      const statusSet = result.statusResult.results.some(r => r.status);
      assert.equal(result.verified && !statusSet, !expect.revoked);
    });

    it(expect.revoked ? 'the status list says revoked' :
      'the status list says not revoked', async () => {
      assert.equal(await revoked(credential), expect.revoked);
    });

    it('a tampered value breaks every proof', async () => {
      const tampered = copy(credential);
      tampered.credentialSubject.achievement.name += ' (with honours)';
      const {valid} = await verifyProofs(tampered);
      assert.deepEqual(valid, []);
    });

    it('a forged proof is named', async () => {
      const forged = copy(credential);
      const last = forged.proof[forged.proof.length - 1];
      const value = last.proofValue;
      last.proofValue = value.slice(0, -4) +
        (value.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      const {invalid} = await verifyProofs(forged);
      assert.equal(invalid.length, 1);
      assert.equal(invalid[0].proof.verificationMethod, last.verificationMethod);
      assert.equal(await allSignersVerify(forged, expect.signers), false);
    });

    if(expect.signers.length > 1) {
      it('a dropped co-awarder proof leaves a signer without proof',
        async () => {
          const dropped = copy(credential);
          const gone = dropped.proof.pop();
          assert.equal(await allSignersVerify(dropped, expect.signers), false);
          const {valid} = await verifyProofs(dropped);
          assert.ok(!valid.includes(controllerOf(gone)));
        });
    }
  });
}
