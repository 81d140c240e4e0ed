/** Which tool calls wait for a person: TOOLS_REQUIRING_APPROVAL (README, "Approvals and memory"). */
import type { ApprovalConfig } from '../../config/types.js';
import { builtinTools } from '../tools/builtin.js';

export class ApprovalPolicy {
  private readonly every: boolean;
  private readonly names: ReadonlySet<string>;

  constructor(readonly config: ApprovalConfig) {
    this.every = config.tools.includes('*');
    this.names = new Set(config.tools);
  }

  /** Why a call of this tool needs approval, or null when it runs without one. */
  reasonFor(toolName: string): string | null {
    if (this.every) return 'every tool call needs approval (TOOLS_REQUIRING_APPROVAL=*)';
    return this.names.has(toolName)
      ? `${toolName} needs approval (TOOLS_REQUIRING_APPROVAL)`
      : null;
  }

  get timeoutMs(): number {
    return this.config.timeoutMs;
  }

  get pollMs(): number {
    return this.config.pollMs;
  }
}

export const knownToolNames = () => builtinTools.map((tool) => tool.name).join(', ');

/** Names in TOOLS_REQUIRING_APPROVAL that are no built-in tool (a typo would ask for nothing). */
export function unknownApprovalTools(tools: readonly string[]): string[] {
  const known = new Set(builtinTools.map((tool) => tool.name));
  return tools.filter((name) => name !== '*' && !known.has(name));
}
