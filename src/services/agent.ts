/** The agent AGENT names: the local echo agent, or an OpenAI-compatible endpoint. */
import type { Config } from '../config.js';
import type { Agent } from '../runtime/agents/agent.js';
import { LocalAgent } from '../runtime/agents/local.js';
import { OpenAIAgent } from '../runtime/agents/openai/agent.js';

export function createAgent(config: Config): Agent {
  switch (config.agent) {
    case 'local':
      return new LocalAgent(config.localAgentTokenDelayMs);
    case 'openai':
      // loadConfig guarantees the settings with AGENT=openai; this guards hand-made configs.
      if (!config.openai) throw new Error('AGENT=openai needs OPENAI_BASE_URL and OPENAI_MODEL');
      return new OpenAIAgent(config.openai);
  }
}
