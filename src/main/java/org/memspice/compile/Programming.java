package org.memspice.compile;

import org.memspice.crossbar.CrossbarArray;

/**
 * How the devices of a tile land when a chip is programmed: given the tile (its place in the network) and its
 * ideal array (every device at its nominal Gon/Goff, the reference column at Gbar), returns the array as
 * programmed, with the same shape, stored weights and column mapping but other device conductances (and, where
 * the programming models it, other wire segment resistances). Implementations must be pure functions of their
 * own parameters and the tile, so that a chip can be reprogrammed identically on any thread or machine.
 */
@FunctionalInterface
public interface Programming {
    CrossbarArray program(Tile tile, CrossbarArray ideal);
}
