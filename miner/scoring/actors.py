"""Score batches on a pool of Ray actors, each holding one scorer built from the registry.

Models are loaded once per actor (never pickled from the driver), batches stream through with a bounded number in
flight so the driver never holds the whole corpus, and results come back in input order.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from . import _REGISTRY, get_scorer, register

Batch = tuple[Sequence[str], Sequence[str] | None]  # (texts, langs)


class _ScorerActor:
    """Builds its scorer on start; `target` is the driver's registry entry, so names registered at run time work."""

    def __init__(self, scorer_name: str, target: str, scorer_params: dict[str, Any]):
        register(scorer_name, target)
        self.scorer = get_scorer(scorer_name, **scorer_params)

    def score(self, batch: Batch) -> dict[str, np.ndarray]:
        texts, langs = batch
        return self.scorer.score(list(texts), None if langs is None else list(langs))


def _check_resources(ray, num_actors: int, num_gpus_per_actor: float) -> None:
    """Fail now rather than wait forever for actors the cluster cannot place."""
    if num_actors < 1:
        raise ValueError(f"num_actors must be >= 1, got {num_actors}")
    total = ray.cluster_resources()
    if num_actors > total.get("CPU", 0):
        raise ValueError(f"{num_actors} scorer actors need {num_actors} CPUs; the Ray cluster has {total.get('CPU', 0)}")
    if num_actors * num_gpus_per_actor > total.get("GPU", 0):
        raise ValueError(
            f"{num_actors} actors x {num_gpus_per_actor} GPU need {num_actors * num_gpus_per_actor} GPUs; "
            f"the Ray cluster has {total.get('GPU', 0)}"
        )


def score_batches_on_ray(
    scorer_name: str,
    scorer_params: dict[str, Any],
    batches: Iterable[Batch],
    num_actors: int,
    num_gpus_per_actor: float = 0,
) -> Iterator[dict[str, np.ndarray]]:
    """Yield `scorer.score(texts, langs)` for each `(texts, langs)` batch, in input order.

    Ray must already be initialised (the pipeline does it, with its temp dir inside the run directory). At most
    two batches per actor are in flight. The actors are killed when the iterator is exhausted or closed.
    """
    import ray
    from ray.util import ActorPool

    if not ray.is_initialized():
        raise RuntimeError("call ray.init(...) before score_batches_on_ray (the pipeline sets Ray's temp dir)")
    if scorer_name not in _REGISTRY:
        get_scorer(scorer_name)  # raises the registry's KeyError listing the names it knows
    _check_resources(ray, num_actors, num_gpus_per_actor)
    actor_class = ray.remote(_ScorerActor).options(num_cpus=1, num_gpus=num_gpus_per_actor)
    actors = [actor_class.remote(scorer_name, _REGISTRY[scorer_name], scorer_params) for _ in range(num_actors)]
    pool = ActorPool(actors)
    in_flight, limit = 0, 2 * num_actors
    try:
        for batch in batches:
            if in_flight == limit:
                yield pool.get_next()
                in_flight -= 1
            pool.submit(lambda actor, b: actor.score.remote(b), batch)
            in_flight += 1
        while pool.has_next():
            yield pool.get_next()
    finally:
        for actor in actors:
            ray.kill(actor)
