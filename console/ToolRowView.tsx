/**
 * A tool call: what it was asked, its progress, and its end with the duration; a call
 * that waits for a person gets Approve and Reject (resolveToolApproval).
 */
import { useState } from 'preact/hooks';
import { ResolveApproval } from './operations.js';
import { request } from './transport.js';
import type { ToolRow } from './turn-state.js';

const brief = (value: unknown) => {
  const text = value === null || value === undefined ? '' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

export function ToolRowView({ tool }: { tool: ToolRow }) {
  const [failure, setFailure] = useState<string>();
  const ended = tool.durationMs != null;
  const pending = tool.approval?.status === 'PENDING';
  const decide = (approve: boolean) =>
    request(ResolveApproval, { id: tool.approval!.approvalId, approve }).catch((e: Error) =>
      setFailure(e.message),
    );
  const state = ended ? (tool.isError ? 'error' : 'done') : pending ? 'waiting' : 'running';

  return (
    <tr class={`tool ${state}`} data-testid="tool-row" data-tool={tool.toolName}>
      <td class="name">{tool.toolName}</td>
      <td class="args">{brief(tool.args)}</td>
      <td class="progress">
        {ended ? tool.output : (tool.progress.at(-1) ?? (pending ? 'waiting for approval' : '…'))}
        {tool.approval && !pending && (
          <span class="decision"> ({tool.approval.status.toLowerCase()})</span>
        )}
        {failure && <span class="error"> {failure}</span>}
      </td>
      <td class="duration" data-testid="tool-duration">
        {ended ? `${tool.durationMs} ms` : ''}
        {pending && (
          <>
            <button type="button" class="approve" onClick={() => void decide(true)}>
              Approve
            </button>
            <button type="button" class="reject" onClick={() => void decide(false)}>
              Reject
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
