// Offline document loader: JSON-LD contexts from files and packages, DID
// documents and status list credentials from what the Odoo test run dumped.
// Nothing is ever fetched from the network: an unknown URL is an error.
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {defaultDocumentLoader} from '@digitalbazaar/vc';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CONTEXTS = join(HERE, '..', '..', 'credentials', 'mc_credentials', 'contexts');
const OB_CONTEXTS = [
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
];

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function loadDump(folder) {
  const documents = new Map();
  for(const name of readdirSync(join(folder, 'documents'))) {
    const {url, document} = readJson(join(folder, 'documents', name));
    documents.set(url, document);
  }
  const cases = readdirSync(join(folder, 'cases')).sort()
    .map(name => readJson(join(folder, 'cases', name)));
  return {documents, cases};
}

export function makeLoader(documents) {
  const ob = readJson(join(CONTEXTS, 'ob-v3p0-context-3.0.3.json'));
  return async url => {
    if(OB_CONTEXTS.includes(url)) {
      return {contextUrl: null, documentUrl: url, document: ob};
    }
    if(url.startsWith('did:')) {
      const [did] = url.split('#');
      const doc = documents.get(did);
      if(!doc) {
        throw new Error(`DID document of ${did} not in the dump`);
      }
      if(url === did) {
        return {contextUrl: null, documentUrl: url, document: doc};
      }
      const method = (doc.verificationMethod || []).find(m => m.id === url);
      if(!method) {
        throw new Error(`verification method ${url} not in ${did}`);
      }
      return {
        contextUrl: null,
        documentUrl: url,
        document: {'@context': doc['@context'], ...method}
      };
    }
    if(documents.has(url)) {
      return {contextUrl: null, documentUrl: url, document: documents.get(url)};
    }
    // the W3C VC contexts bundled with @digitalbazaar/vc (no network)
    return defaultDocumentLoader(url);
  };
}
