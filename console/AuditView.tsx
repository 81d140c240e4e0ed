/**
 * Admins: the newest entries of the hash-chained audit trail, and verifyAuditTrail,
 * which recomputes the whole chain on the server and names the first broken seq.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AuditTrailQuery, VerifyAuditQuery } from './gql/graphql.js';
import { AuditTrail, VerifyAudit } from './operations.js';
import { request } from './transport.js';

type Trail = AuditTrailQuery['auditTrail'];
type Verification = VerifyAuditQuery['verifyAuditTrail'];

export function AuditView() {
  const [trail, setTrail] = useState<Trail>();
  const [verification, setVerification] = useState<Verification>();
  const [error, setError] = useState<string>();
  const load = () =>
    request(AuditTrail).then(
      ({ auditTrail }) => setTrail(auditTrail),
      (e: Error) => setError(e.message),
    );
  useEffect(() => void load(), []);
  const verify = () =>
    request(VerifyAudit).then(
      ({ verifyAuditTrail }) => setVerification(verifyAuditTrail),
      (e: Error) => setError(e.message),
    );

  return (
    <section class="audit">
      <h2>Audit trail</h2>
      <p>
        <button type="button" onClick={() => void load()}>
          Reload
        </button>{' '}
        <button type="button" onClick={() => void verify()}>
          Verify the chain
        </button>{' '}
        {verification && (
          <span class={verification.valid ? 'valid' : 'error'} data-testid="verification">
            {verification.valid
              ? `valid: ${verification.checked} entries checked`
              : `broken at seq ${verification.brokenAtSeq} (${verification.checked} checked)`}
          </span>
        )}
      </p>
      {error && <p class="error">{error}</p>}
      {trail && (
        <>
          <p class="hint">
            The newest {trail.edges.length} of {trail.totalCount} entries, newest first.
          </p>
          <table class="entries">
            <thead>
              <tr>
                <th>seq</th>
                <th>at</th>
                <th>actor</th>
                <th>action</th>
                <th>resource</th>
                <th>detail</th>
                <th>hash</th>
              </tr>
            </thead>
            <tbody>
              {[...trail.edges].reverse().map(({ node }) => (
                <tr key={node.seq}>
                  <td>{node.seq}</td>
                  <td>{new Date(node.at).toLocaleTimeString()}</td>
                  <td class="id">{node.actor}</td>
                  <td>{node.action}</td>
                  <td class="id">{node.resource}</td>
                  <td class="detail">{node.detail ? JSON.stringify(node.detail) : ''}</td>
                  <td class="hash">{node.hash.slice(0, 12)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
