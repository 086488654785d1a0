# %% [markdown]
# # Reproduce an evaluation
#
# **What you will learn**
# - score a set of replies and summarise response times, with confidence intervals
# - record exactly what produced each number
#
# **Time**: about 5 minutes. Run the cells from top to bottom (Shift+Enter), or *Run > Run All Cells*.

# %% [markdown]
# This playbook is run headless by `make report` (papermill) and turned into `reports/evaluation.html`. Change the parameters below, or pass them: `empathy-kit report -p data=export.csv -p seed=2`.

# %% tags=["parameters"]
data = None  # a replies file; None = the bundled workshop set
rubric = None  # a rubric YAML; None = rubric v1
labels = None  # a labels CSV (item, rater, dimension, value); None = the example labels
seed = 0
limit = None  # score only the first N replies
n_boot = 500

# %% tags=["nbval-check-output"]
import helpers

replies, human, prov = helpers.prepare_evaluation(data, labels, rubric, seed, limit)
print(helpers.format_provenance(prov))

# %% [markdown]
# ## Empathy

# %% tags=["nbval-check-output"]
scored = helpers.score_replies(replies[replies.reply_text.notna()], rubric)
helpers.median_ci(scored.empathy_index, n_boot=n_boot, seed=seed)

# %% tags=["nbval-check-output"]
dims = ["acknowledge", "personalize", "apologize", "act", "tone"]
scored.groupby("brand")[dims + ["empathy_index"]].mean().round(2)

# %% [markdown]
# ## Response times

# %% tags=["nbval-check-output"]
frt = helpers.first_response_times(replies)
helpers.median_ci(frt.loc[frt.answered, "frt_min"], n_boot=n_boot, seed=seed)

# %% tags=["nbval-check-output"]
helpers.latency_summary(replies, by=None, frt=frt).round(3).T

# %%
helpers.plot_empathy_latency(scored.merge(frt[["post_id", "frt_min"]], on="post_id"), label="brand")
# %% [markdown]
# ## The scorer against people

# %% tags=["nbval-check-output"]
ceiling = helpers.validate_scorer(human, scored, item="reply_id", n_boot=n_boot, seed=seed)
ceiling[ceiling.statistic == "qwk"].round(2)
