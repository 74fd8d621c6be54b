// The lab is this list. One line per experiment module.
import type { Experiment } from "../experiment.js";
import { safetyExperiment } from "./safety.js";

export const EXPERIMENTS: Experiment[] = [safetyExperiment];
