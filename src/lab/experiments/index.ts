// The lab is this list. One line per experiment module.
import type { Experiment } from "../experiment.js";
import { shellMimic } from "./shell-mimic.js";

export const EXPERIMENTS: Experiment[] = [shellMimic];
