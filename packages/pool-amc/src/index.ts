/**
 * `@mps/pool-amc`: AMC and AMCZ (Automatic Mostly-Copying): generational copying pool classes with nailing for ambiguous references; AMCZ for leaf objects.
 * See docs/design/pool-amc.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const POOLAMC_PACKAGE = "@mps/pool-amc";
