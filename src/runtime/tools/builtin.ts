/** The tools every agent offers, by name (docs/architecture.md, "Agents"). */
import { calculatorTool } from './calculator.js';
import { currentTimeTool } from './current-time.js';
import { memoryRecallTool } from './memory-recall.js';
import { memoryStoreTool } from './memory-store.js';
import type { Tool } from './tool.js';

export const builtinTools: readonly Tool[] = [
  calculatorTool,
  memoryRecallTool,
  memoryStoreTool,
  currentTimeTool,
];

export function findTool(name: string): Tool | undefined {
  return builtinTools.find((tool) => tool.name === name);
}
