# %% [markdown]
# # Empathy and latency against benchmarks
#
# **What you will learn**
# - how fast the team answers, by band and against dated, cited benchmarks
# - who waits longest (hour, weekday)
# - where the team sits among 60 real brands
#
# **Time**: about 25 minutes. Run the cells from top to bottom (Shift+Enter), or *Run > Run All Cells*.

# %%
from helpers import first_response_times, latency_summary, load_workshop

replies = load_workshop()
frt = first_response_times(replies)
latency_summary(replies, by="brand").round(2)

# %% [markdown]
# ## First response time against published figures
#
# The lines are benchmarks from vendor surveys and platform research, each labelled with its source and year (`datasets/reference_tables.md` says how solid each one is). Definitions differ: averages are not medians, and some vendors count only business hours.

# %%
from helpers import plot_frt_distribution

plot_frt_distribution(frt)
# %%
from helpers import plot_bands

plot_bands(latency_summary(replies, by="brand"))
# %%
from helpers import plot_hour_weekday

plot_hour_weekday(frt)
# %% [markdown]
# ## Unanswered posts count too
#
# A post nobody answered is not missing data: the Kaplan-Meier curve treats it as still waiting at the end of the data.

# %%
from helpers import kaplan_meier, plot_survival

plot_survival(kaplan_meier(frt))
# %% [markdown]
# ## Empathy and speed together
#
# Top left: fast and warm (beauties). Bottom right: slow and cold. The thresholds are parameters: set them to your own targets.

# %%
from helpers import plot_empathy_latency, score_replies

scored = score_replies(replies[replies.reply_text.notna()]).merge(frt[["post_id", "frt_min"]], on="post_id")
plot_empathy_latency(scored, fast_min=60, warm_index=60, label="brand")
# %% [markdown]
# ## Beside real brands
#
# The grey bars are the kit's scorer run over real brand replies on Twitter in 2017 (Customer Support on Twitter, Thought Vector / Kaggle, CC BY-NC-SA 4.0; only per-brand numbers are shipped).

# %%
from helpers import load_empathy_benchmarks, plot_empathy_benchmarks

ours = {brand: group.empathy_index for brand, group in scored.groupby("brand")}
plot_empathy_benchmarks(
    load_empathy_benchmarks(), {"Skyline Air (workshop)": ours["Skyline Air"], "Parcelly (workshop)": ours["Parcelly"]}
)
