"""The open-data contract: one module per dataset, each defining its fields (name, type, description
and where the value comes from), its records and its filters. `DATASETS` lists them in the order
/open-data/ shows them; the names and their fields are contracts (tests/opendata/contract.py)."""

from .antwoorden import AnswerDataset
from .base import CHUNK_SIZE, Column, Dataset, Field, FilterError, dataset_counts, model_states, model_states_of
from .citaten import QuoteDataset
from .gemeenten import MunicipalityDataset
from .indicatoren import IndicatorDataset
from .interventies import InterventionDataset
from .interviews import InterviewDataset
from .investeringen import InvestmentDataset
from .knelpunten import BottleneckDataset
from .lessen import LessonDataset
from .rondes import RoundDataset
from .tips import TipDataset
from .voortgang import ProgressDataset

__all__ = [
    "CHUNK_SIZE",
    "DATASETS",
    "Column",
    "Dataset",
    "Field",
    "FilterError",
    "dataset_counts",
    "model_states",
    "model_states_of",
]

DATASETS = {
    dataset.name: dataset
    for dataset in (
        MunicipalityDataset(),
        InvestmentDataset(),
        InterventionDataset(),
        LessonDataset(),
        BottleneckDataset(),
        QuoteDataset(),
        TipDataset(),
        RoundDataset(),
        InterviewDataset(),
        AnswerDataset(),
        ProgressDataset(),
        IndicatorDataset(),
    )
}
