// Every command of the CLI, in the order help lists them. One line per command module.
import type { Command } from "commander";
import { doctorCommand } from "./doctor.js";
import { mockCommand } from "./mock.js";
import { runCommand } from "./run.js";

export const COMMANDS: Array<() => Command> = [runCommand, mockCommand, doctorCommand];
