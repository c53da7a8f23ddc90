%% Ring: N processes in a ring pass a token around M times (N*M hops).
%% The same workload as bench/actors/ring.clj. Run: erlc ring.erl && erl -noshell -s ring main N M
-module(ring).
-export([main/1, relay/1]).

relay(Next) ->
    receive
        0 -> Next ! 0;
        N -> Next ! N - 1, relay(Next)
    end.

loop(First) ->
    receive
        0 -> done;
        K -> First ! K - 1, loop(First)
    end.

main([NA, MA]) ->
    N = list_to_integer(atom_to_list(NA)),
    M = list_to_integer(atom_to_list(MA)),
    Me = self(),
    First = lists:foldl(fun(_, Next) -> spawn(ring, relay, [Next]) end, Me, lists:seq(1, N - 1)),
    First ! N * M,
    io:format("~p~n", [loop(First)]),
    init:stop().
