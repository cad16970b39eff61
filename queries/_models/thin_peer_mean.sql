-- Returns whether a peer mean rests on too few peers to be read as the group's: fewer than 3, or fewer than half
-- of the peers asked for (it can then jump from year to year with the areas behind it).
-- Grain: a scalar macro, one value per call.
-- Parameters: n_peers (integer): peers with a value; n_peer_total (integer): peers asked for.
create or replace macro thin_peer_mean(n_peers, n_peer_total) as n_peers < 3 or 2 * n_peers < n_peer_total
