// The lab is this list. One line per experiment module.
import type { Experiment } from "../experiment.js";
import { isolationAuth } from "./isolation/auth.js";
import { isolationChatgptRefresh } from "./isolation/chatgpt-refresh.js";
import { isolationHomeCarry } from "./isolation/home-carry.js";
import { isolationThreadDelete } from "./isolation/thread-delete.js";
import { localStateConfig } from "./local-state/config.js";
import { localStateNetwork } from "./local-state/network.js";
import { localStateEnvNoise } from "./local-state/env-noise.js";
import { localStatePersistence } from "./local-state/persistence.js";
import { localStatePlugins } from "./local-state/plugins.js";
import { localStateStartup } from "./local-state/startup.js";
import { safetyExperiment } from "./safety/boundary.js";
import { safetyJailCorpus } from "./safety/jail-corpus.js";
import { safetyNextRun } from "./safety/next-run.js";
import { shellMimic } from "./shell-mimic/launch-contexts.js";
import { surfaceConfigKeys } from "./surface/config-keys.js";
import { surfaceExecBasics } from "./surface/exec-basics.js";
import { surfacePublishedVsObserved } from "./surface/published-vs-observed.js";
import { surfaceWire } from "./surface/wire.js";

export const EXPERIMENTS: Experiment[] = [surfaceExecBasics, surfacePublishedVsObserved, surfaceConfigKeys, surfaceWire, localStatePersistence, localStateConfig, localStateEnvNoise, localStatePlugins, localStateStartup, localStateNetwork, shellMimic, isolationAuth, isolationChatgptRefresh, isolationHomeCarry, isolationThreadDelete, safetyExperiment, safetyJailCorpus, safetyNextRun];
