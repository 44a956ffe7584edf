from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0008_plan_changes_and_approval"),
    ]

    operations = [
        migrations.AddField(
            model_name="cvreading",
            name="facts",
            field=models.JSONField(blank=True, default=list, help_text="wat het cv verder zegt: werk (periode, functie, werkgever) en diploma's (met EQF-niveau)"),
        ),
        migrations.AddField(
            model_name="cvreading",
            name="rejected",
            field=models.JSONField(blank=True, default=list, help_text="de voorstellen die de persoon afwees (ESCO-URI's); ze komen niet terug"),
        ),
    ]
