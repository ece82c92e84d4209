"""The built-in mail templates in nine languages, and festival wishes as a native writer puts them.

Written per language, not translated word by word: German and French business mail is formal
and starts the body in lower case after the salutation's comma (German), Spanish greets with a
colon, Japanese opens with the customer's company, the person's name with 様 and the customary
いつもお世話になっております, Chinese closes with 祝商祺. Each sentence that carries an optional
fact (a date, the topics) stands on its own, so that it can be left out when the fact is missing.
"""

# ruff: noqa: E501 — text tables read better one entry per line, with the languages' own punctuation.

from __future__ import annotations

_SIGN = {
    "en": "\n\nBest regards,\n{salesperson}\n{company}",
    "zh": "\n\n祝商祺！\n{salesperson}\n{company}",
    "de": "\n\nMit freundlichen Grüßen\n{salesperson}\n{company}",
    "fr": "\n\nBien cordialement,\n{salesperson}\n{company}",
    "es": "\n\nUn cordial saludo,\n{salesperson}\n{company}",
    "pt": "\n\nAtenciosamente,\n{salesperson}\n{company}",
    "ru": "\n\nС уважением,\n{salesperson}\n{company}",
    "ar": "\n\nمع خالص التحيات،\n{salesperson}\n{company}",
    "ja": "\n\n今後ともどうぞよろしくお願い申し上げます。\n\n{company}\n{salesperson}",
}

_JA_OPEN = (
    "{customer}\n{salutation}\n\nいつも大変お世話になっております。{company}の{salesperson}でございます。\n\n"
)

#: (kind, language) → (subject, body without the signature).
TEXTS: dict[tuple[str, str], tuple[str, str]] = {
    # --- ladder: did my mail arrive? ---
    ("ladder_ask", "en"): ("Following up on my last mail", "{salutation}\n\nI hope all is well at {customer}. I wrote to you on {last_mail_date} and would like to make sure my mail reached you. Is there anything you need from us?"),
    ("ladder_ask", "zh"): ("跟进上次的邮件", "{salutation}\n\n我在{last_mail_date}给您发过一封邮件，想确认您是否收到。请问有什么需要我们配合的吗？"),
    ("ladder_ask", "de"): ("Nachfrage zu meiner letzten E-Mail", "{salutation}\n\nich hoffe, bei {customer} ist alles in Ordnung. Am {last_mail_date} hatte ich Ihnen geschrieben und möchte sichergehen, dass meine Nachricht angekommen ist. Können wir etwas für Sie tun?"),
    ("ladder_ask", "fr"): ("Suite à mon dernier message", "{salutation}\n\nJ'espère que tout va bien chez {customer}. Je vous ai écrit le {last_mail_date} et souhaitais m'assurer que mon message vous est bien parvenu. Puis-je vous être utile ?"),
    ("ladder_ask", "es"): ("Seguimiento de mi último correo", "{salutation}\n\nEspero que todo vaya bien en {customer}. Le escribí el {last_mail_date} y quería asegurarme de que mi correo le llegó. ¿Hay algo en lo que podamos ayudarle?"),
    ("ladder_ask", "pt"): ("Acompanhamento do meu último e-mail", "{salutation}\n\nEspero que esteja tudo bem na {customer}. Escrevi-lhe em {last_mail_date} e gostaria de confirmar se a mensagem chegou. Há algo em que possamos ajudar?"),
    ("ladder_ask", "ru"): ("По поводу моего последнего письма", "{salutation}\n\nНадеюсь, в {customer} всё хорошо. Я писал(а) Вам {last_mail_date} и хотел(а) бы убедиться, что письмо дошло. Чем мы можем быть Вам полезны?"),
    ("ladder_ask", "ar"): ("متابعة لرسالتي الأخيرة", "{salutation}\n\nأرجو أن تكونوا في {customer} بخير. راسلتكم بتاريخ {last_mail_date} وأود التأكد من وصول رسالتي. هل هناك ما يمكننا مساعدتكم به؟"),
    ("ladder_ask", "ja"): ("先日のメールについて", _JA_OPEN + "{last_mail_date}にお送りしたメールはお手元に届いておりますでしょうか。何かご不明な点やご要望がございましたら、お気軽にお申し付けください。"),
    # --- ladder: a short introduction ---
    ("ladder_intro", "en"): ("{customer}: what we could do for you", "{salutation}\n\nA short word on what we could offer {customer}. Our latest products: {topics}. May I send you samples or our current catalogue?"),
    ("ladder_intro", "zh"): ("{customer}：我们可以为您提供的产品", "{salutation}\n\n简单介绍一下我们能为{customer}提供的产品。我们的新品：{topics}。需要给您寄样品或最新目录吗？"),
    ("ladder_intro", "de"): ("{customer}: was wir für Sie tun können", "{salutation}\n\nkurz zu dem, was wir {customer} anbieten können. Unsere neuesten Produkte: {topics}. Darf ich Ihnen Muster oder unseren aktuellen Katalog schicken?"),
    ("ladder_intro", "fr"): ("{customer} : ce que nous pouvons vous proposer", "{salutation}\n\nUn mot rapide sur ce que nous pouvons proposer à {customer}. Nos dernières nouveautés : {topics}. Puis-je vous envoyer des échantillons ou notre catalogue actuel ?"),
    ("ladder_intro", "es"): ("{customer}: lo que podemos ofrecerle", "{salutation}\n\nLe resumo brevemente lo que podemos ofrecer a {customer}. Nuestras últimas novedades: {topics}. ¿Le envío muestras o nuestro catálogo actual?"),
    ("ladder_intro", "pt"): ("{customer}: o que podemos oferecer", "{salutation}\n\nUm breve resumo do que podemos oferecer à {customer}. Os nossos lançamentos mais recentes: {topics}. Posso enviar-lhe amostras ou o nosso catálogo atual?"),
    ("ladder_intro", "ru"): ("{customer}: что мы можем предложить", "{salutation}\n\nКоротко о том, что мы можем предложить {customer}. Наши последние новинки: {topics}. Могу ли я выслать Вам образцы или наш актуальный каталог?"),
    ("ladder_intro", "ar"): ("{customer}: ما يمكننا تقديمه لكم", "{salutation}\n\nنبذة قصيرة عما يمكننا تقديمه لـ{customer}. أحدث منتجاتنا: {topics}. هل ترغبون في أن نرسل لكم عينات أو أحدث كتالوج لدينا؟"),
    ("ladder_intro", "ja"): ("弊社製品のご案内", _JA_OPEN + "{customer}様にご提案できる製品について、簡単にご案内いたします。新製品：{topics}。サンプルまたは最新のカタログをお送りしてもよろしいでしょうか。"),
    # --- ladder: ask for a call ---
    ("ladder_call", "en"): ("A short call this week?", "{salutation}\n\nCould we speak briefly by phone this week about my recent mails? Please let me know a time that suits you."),
    ("ladder_call", "zh"): ("本周方便通个电话吗？", "{salutation}\n\n本周想就之前的邮件和您通个电话，请问您什么时间方便？"),
    ("ladder_call", "de"): ("Kurzes Telefonat diese Woche?", "{salutation}\n\nkönnten wir diese Woche kurz zu meinen letzten E-Mails telefonieren? Nennen Sie mir gern einen Zeitpunkt, der Ihnen passt."),
    ("ladder_call", "fr"): ("Un court appel cette semaine ?", "{salutation}\n\nPourrions-nous échanger brièvement par téléphone cette semaine au sujet de mes derniers messages ? Indiquez-moi le moment qui vous convient."),
    ("ladder_call", "es"): ("¿Una breve llamada esta semana?", "{salutation}\n\n¿Podríamos hablar brevemente por teléfono esta semana sobre mis últimos correos? Dígame qué momento le viene mejor."),
    ("ladder_call", "pt"): ("Uma breve chamada esta semana?", "{salutation}\n\nPodemos falar rapidamente por telefone esta semana sobre os meus últimos e-mails? Diga-me qual o horário mais conveniente para si."),
    ("ladder_call", "ru"): ("Короткий звонок на этой неделе?", "{salutation}\n\nМогли бы мы коротко созвониться на этой неделе по поводу моих последних писем? Подскажите, пожалуйста, удобное для Вас время."),
    ("ladder_call", "ar"): ("مكالمة قصيرة هذا الأسبوع؟", "{salutation}\n\nهل يمكننا التحدث هاتفياً لبضع دقائق هذا الأسبوع بخصوص رسائلي الأخيرة؟ يسعدني أن تحددوا الوقت المناسب لكم."),
    ("ladder_call", "ja"): ("お電話でのご相談について", _JA_OPEN + "先日お送りしたメールの件で、今週お電話で少しお話しできればと存じます。ご都合のよい日時をお知らせいただけますと幸いです。"),
    # --- the monthly personal mail ---
    ("monthly_touch", "en"): ("News from {company}", "{salutation}\n\nA short update for {customer}. This month: {topics}. I look forward to hearing how things are going on your side."),
    ("monthly_touch", "zh"): ("{company}近期动态", "{salutation}\n\n给{customer}的近期简讯。本月话题：{topics}。期待听到您那边的近况。"),
    ("monthly_touch", "de"): ("Neuigkeiten von {company}", "{salutation}\n\nhier ein kurzer Überblick für {customer}. Diesen Monat: {topics}. Ich freue mich zu hören, wie es bei Ihnen läuft."),
    ("monthly_touch", "fr"): ("Les nouvelles de {company}", "{salutation}\n\nVoici un court point pour {customer}. Ce mois-ci : {topics}. Je serais ravi(e) d'avoir de vos nouvelles."),
    ("monthly_touch", "es"): ("Novedades de {company}", "{salutation}\n\nLe comparto una breve actualización para {customer}. Este mes: {topics}. Me encantará saber cómo van las cosas por su lado."),
    ("monthly_touch", "pt"): ("Novidades da {company}", "{salutation}\n\nSegue uma breve atualização para a {customer}. Este mês: {topics}. Gostaria muito de saber como estão as coisas do seu lado."),
    ("monthly_touch", "ru"): ("Новости {company}", "{salutation}\n\nКоротко о новостях для {customer}. В этом месяце: {topics}. Буду рад(а) узнать, как идут дела у Вас."),
    ("monthly_touch", "ar"): ("آخر أخبار {company}", "{salutation}\n\nإليكم موجزاً قصيراً لـ{customer}. هذا الشهر: {topics}. يسعدني أن أسمع منكم عن أحوال العمل لديكم."),
    ("monthly_touch", "ja"): ("{company}より近況のご報告", _JA_OPEN + "{customer}様へ近況をご報告いたします。今月のトピック：{topics}。貴社のご様子もお聞かせいただけますと幸いです。"),
    # --- festival greetings ---
    ("festival", "en"): ("{wishes}", "{salutation}\n\n{wishes}! All of us at {company} send our warmest wishes to you and everyone at {customer}."),
    ("festival", "zh"): ("{wishes}", "{salutation}\n\n{wishes}！{company}全体同事祝您和{customer}的各位同仁节日愉快、万事如意。"),
    ("festival", "de"): ("{wishes}", "{salutation}\n\n{wishes}! Das ganze Team von {company} sendet Ihnen und allen bei {customer} herzliche Grüße."),
    ("festival", "fr"): ("{wishes}", "{salutation}\n\n{wishes} ! Toute l'équipe de {company} vous adresse, à vous et à toute l'équipe de {customer}, ses meilleurs vœux."),
    ("festival", "es"): ("{wishes}", "{salutation}\n\n¡{wishes}! Todo el equipo de {company} les envía a usted y a todo el equipo de {customer} un afectuoso saludo."),
    ("festival", "pt"): ("{wishes}", "{salutation}\n\n{wishes}! Toda a equipa da {company} envia-lhe, a si e a todos na {customer}, os melhores votos."),
    ("festival", "ru"): ("{wishes}", "{salutation}\n\n{wishes}! Вся команда {company} от души желает Вам и всем коллегам в {customer} всего самого доброго."),
    ("festival", "ar"): ("{wishes}", "{salutation}\n\n{wishes}! يتقدم فريق {company} بأطيب التمنيات لكم ولجميع الزملاء في {customer}."),
    ("festival", "ja"): ("{wishes}", _JA_OPEN + "{wishes}。貴社の皆様のますますのご健勝とご発展を心よりお祈り申し上げます。"),
    # --- birthdays ---
    ("birthday", "en"): ("Happy birthday!", "{salutation}\n\nHappy birthday! Warm wishes from all of us at {company} for a wonderful year ahead."),
    ("birthday", "zh"): ("生日快乐！", "{salutation}\n\n祝您生日快乐，身体健康，万事顺意！{company}全体同事敬上。"),
    ("birthday", "de"): ("Herzlichen Glückwunsch zum Geburtstag", "{salutation}\n\nherzlichen Glückwunsch zum Geburtstag! Das ganze Team von {company} wünscht Ihnen alles Gute für das neue Lebensjahr."),
    ("birthday", "fr"): ("Joyeux anniversaire !", "{salutation}\n\nJoyeux anniversaire ! Toute l'équipe de {company} vous souhaite une excellente année."),
    ("birthday", "es"): ("¡Feliz cumpleaños!", "{salutation}\n\n¡Feliz cumpleaños! Todo el equipo de {company} le desea un año estupendo."),
    ("birthday", "pt"): ("Feliz aniversário!", "{salutation}\n\nFeliz aniversário! Toda a equipa da {company} deseja-lhe um excelente ano."),
    ("birthday", "ru"): ("С днём рождения!", "{salutation}\n\nПоздравляем Вас с днём рождения! Вся команда {company} желает Вам здоровья, успехов и всего наилучшего."),
    ("birthday", "ar"): ("عيد ميلاد سعيد", "{salutation}\n\nكل عام وأنتم بخير بمناسبة عيد ميلادكم! يتمنى لكم فريق {company} عاماً مليئاً بالنجاح والسعادة."),
    ("birthday", "ja"): ("お誕生日おめでとうございます", _JA_OPEN + "お誕生日おめでとうございます。素晴らしい一年となりますよう、{company}一同心よりお祈り申し上げます。"),
    # --- before the next expected order ---
    ("pre_season", "en"): ("{customer}: new samples for your next order", "{salutation}\n\nAhead of your next order we would like to send you our new samples and the current catalogue. We expect you will be ordering around {season}. Where should we send them?"),
    ("pre_season", "zh"): ("{customer}：为您下次订单准备的新样品", "{salutation}\n\n在您下次订货之前，我们想给您寄新样品和最新目录。预计您会在{season}前后下单。请问寄到哪里方便？"),
    ("pre_season", "de"): ("{customer}: neue Muster für Ihre nächste Bestellung", "{salutation}\n\nvor Ihrer nächsten Bestellung möchten wir Ihnen gern unsere neuen Muster und den aktuellen Katalog schicken. Wir rechnen mit Ihrer Bestellung etwa im {season}. An welche Adresse dürfen wir sie senden?"),
    ("pre_season", "fr"): ("{customer} : nouveaux échantillons pour votre prochaine commande", "{salutation}\n\nAvant votre prochaine commande, nous aimerions vous envoyer nos nouveaux échantillons et notre catalogue actuel. Nous pensons que vous commanderez vers {season}. À quelle adresse devons-nous les envoyer ?"),
    ("pre_season", "es"): ("{customer}: nuevas muestras para su próximo pedido", "{salutation}\n\nAntes de su próximo pedido nos gustaría enviarle nuestras nuevas muestras y el catálogo actual. Prevemos que hará su pedido hacia {season}. ¿A qué dirección se las enviamos?"),
    ("pre_season", "pt"): ("{customer}: novas amostras para a sua próxima encomenda", "{salutation}\n\nAntes da sua próxima encomenda, gostaríamos de lhe enviar as nossas novas amostras e o catálogo atual. Prevemos que a encomenda seja por volta de {season}. Para que morada as devemos enviar?"),
    ("pre_season", "ru"): ("{customer}: новые образцы к следующему заказу", "{salutation}\n\nПеред Вашим следующим заказом мы хотели бы выслать Вам новые образцы и актуальный каталог. Ожидаем Ваш заказ примерно в период: {season}. Подскажите, пожалуйста, куда их отправить?"),
    ("pre_season", "ar"): ("{customer}: عينات جديدة لطلبيتكم القادمة", "{salutation}\n\nقبل طلبيتكم القادمة نود أن نرسل لكم عيناتنا الجديدة وأحدث كتالوج لدينا. نتوقع أن تكون طلبيتكم في حدود {season}. إلى أي عنوان نرسلها؟"),
    ("pre_season", "ja"): ("次回ご発注に向けた新サンプルのご案内", _JA_OPEN + "次回のご発注に先立ち、新しいサンプルと最新カタログをお送りしたいと存じます。{season}頃のご発注を想定しております。送付先をお知らせいただけますでしょうか。"),
    # --- seasonal buyers: samples ---
    ("season_samples", "en"): ("{customer}: samples for your coming season", "{salutation}\n\nWe have prepared new samples for your coming season. Your season starts around {season}. If we send them now, the designs can be settled in good time. Shall we go ahead?"),
    ("season_samples", "zh"): ("{customer}：下一季的样品", "{salutation}\n\n我们为您下一季准备了新样品。您的旺季约从{season}开始。现在寄出，款式可以及时确定。需要我们现在寄出吗？"),
    ("season_samples", "de"): ("{customer}: Muster für Ihre kommende Saison", "{salutation}\n\nfür Ihre kommende Saison haben wir neue Muster vorbereitet. Ihre Saison beginnt etwa im {season}. Wenn wir sie jetzt schicken, lassen sich die Designs rechtzeitig festlegen. Dürfen wir sie Ihnen senden?"),
    ("season_samples", "fr"): ("{customer} : échantillons pour votre prochaine saison", "{salutation}\n\nNous avons préparé de nouveaux échantillons pour votre prochaine saison. Votre saison commence vers {season}. En les envoyant maintenant, les modèles pourront être arrêtés à temps. Pouvons-nous vous les expédier ?"),
    ("season_samples", "es"): ("{customer}: muestras para su próxima temporada", "{salutation}\n\nHemos preparado nuevas muestras para su próxima temporada. Su temporada empieza hacia {season}. Si se las enviamos ahora, podrán definir los diseños a tiempo. ¿Se las enviamos?"),
    ("season_samples", "pt"): ("{customer}: amostras para a sua próxima temporada", "{salutation}\n\nPreparámos novas amostras para a sua próxima temporada. A sua temporada começa por volta de {season}. Se as enviarmos já, os modelos poderão ser definidos a tempo. Podemos enviá-las?"),
    ("season_samples", "ru"): ("{customer}: образцы к Вашему сезону", "{salutation}\n\nМы подготовили новые образцы к Вашему следующему сезону. Ваш сезон начинается примерно в период: {season}. Если мы отправим их сейчас, дизайн можно будет согласовать вовремя. Отправить их Вам?"),
    ("season_samples", "ar"): ("{customer}: عينات لموسمكم القادم", "{salutation}\n\nأعددنا عينات جديدة لموسمكم القادم. يبدأ موسمكم في حدود {season}. إذا أرسلناها الآن يمكن اعتماد التصاميم في الوقت المناسب. هل نرسلها لكم؟"),
    ("season_samples", "ja"): ("次シーズン向けサンプルのご案内", _JA_OPEN + "次シーズンに向けて新しいサンプルをご用意いたしました。貴社のシーズンは{season}頃からと存じます。今お送りすれば、デザインを余裕をもってご決定いただけます。お送りしてもよろしいでしょうか。"),
    # --- seasonal buyers: settle the designs ---
    ("season_designs", "en"): ("{customer}: settling designs and quantities", "{salutation}\n\nTo deliver on time for your season, could we settle the designs and quantities this month? Your season starts around {season}."),
    ("season_designs", "zh"): ("{customer}：确定款式和数量", "{salutation}\n\n为保证按时交货，本月能否确定款式和数量？您的旺季约从{season}开始。"),
    ("season_designs", "de"): ("{customer}: Designs und Mengen festlegen", "{salutation}\n\ndamit wir pünktlich zu Ihrer Saison liefern können: Könnten wir Designs und Mengen noch in diesem Monat festlegen? Ihre Saison beginnt etwa im {season}."),
    ("season_designs", "fr"): ("{customer} : arrêter modèles et quantités", "{salutation}\n\nPour livrer à temps pour votre saison, pourrions-nous arrêter les modèles et les quantités ce mois-ci ? Votre saison commence vers {season}."),
    ("season_designs", "es"): ("{customer}: definir diseños y cantidades", "{salutation}\n\nPara entregar a tiempo para su temporada, ¿podríamos definir los diseños y las cantidades este mes? Su temporada empieza hacia {season}."),
    ("season_designs", "pt"): ("{customer}: definir modelos e quantidades", "{salutation}\n\nPara entregarmos a tempo da sua temporada, podemos definir os modelos e as quantidades ainda este mês? A sua temporada começa por volta de {season}."),
    ("season_designs", "ru"): ("{customer}: согласование дизайна и количества", "{salutation}\n\nЧтобы поставить товар к Вашему сезону вовремя, могли бы мы согласовать дизайн и количество в этом месяце? Ваш сезон начинается примерно в период: {season}."),
    ("season_designs", "ar"): ("{customer}: اعتماد التصاميم والكميات", "{salutation}\n\nلنتمكن من التسليم في الوقت المناسب لموسمكم، هل يمكننا اعتماد التصاميم والكميات هذا الشهر؟ يبدأ موسمكم في حدود {season}."),
    ("season_designs", "ja"): ("デザインと数量のご確定について", _JA_OPEN + "シーズンに間に合うよう納品するため、今月中にデザインと数量をご確定いただけますでしょうか。貴社のシーズンは{season}頃からと存じます。"),
    # --- order touchpoints: no date is stated unless the record holds it ---
    ("order_completion", "en"): ("Order {order_no}: in production, completion date to follow", "{salutation}\n\nThank you for your order {order_no} of {order_date}. It is now in production. I will confirm the completion date as soon as the schedule is fixed."),
    ("order_completion", "zh"): ("订单 {order_no}：已安排生产，完工日期随后告知", "{salutation}\n\n感谢您{order_date}的订单 {order_no}。订单已进入生产，排产确定后我会第一时间告知您完工日期。"),
    ("order_completion", "de"): ("Auftrag {order_no}: in Produktion", "{salutation}\n\nvielen Dank für Ihren Auftrag {order_no} vom {order_date}. Er ist jetzt in Produktion. Den Fertigstellungstermin bestätige ich Ihnen, sobald die Planung steht."),
    ("order_completion", "fr"): ("Commande {order_no} : en production", "{salutation}\n\nMerci pour votre commande {order_no} du {order_date}. Elle est en cours de production. Je vous confirmerai la date d'achèvement dès que le planning sera arrêté."),
    ("order_completion", "es"): ("Pedido {order_no}: en producción", "{salutation}\n\nGracias por su pedido {order_no} del {order_date}. Ya está en producción. Le confirmaré la fecha de finalización en cuanto el plan esté cerrado."),
    ("order_completion", "pt"): ("Encomenda {order_no}: em produção", "{salutation}\n\nObrigado pela sua encomenda {order_no} de {order_date}. Já está em produção. Confirmo-lhe a data de conclusão assim que o planeamento estiver fechado."),
    ("order_completion", "ru"): ("Заказ {order_no}: в производстве", "{salutation}\n\nБлагодарим Вас за заказ {order_no} от {order_date}. Он уже в производстве. Дату готовности я подтвержу, как только будет утверждён график."),
    ("order_completion", "ar"): ("الطلبية {order_no}: قيد الإنتاج", "{salutation}\n\nشكراً لطلبيتكم رقم {order_no} بتاريخ {order_date}. الطلبية الآن قيد الإنتاج. سأؤكد لكم تاريخ الانتهاء فور اعتماد جدول الإنتاج."),
    ("order_completion", "ja"): ("ご注文 {order_no} の生産状況", _JA_OPEN + "{order_date}付けのご注文 {order_no} を誠にありがとうございます。現在生産を進めております。完成日は生産計画が確定次第、改めてご連絡いたします。"),
    ("order_photos", "en"): ("Order {order_no}: production photos", "{salutation}\n\nAttached are photos from the production of your order {order_no}. Please let me know if you would like to see anything else."),
    ("order_photos", "zh"): ("订单 {order_no}：生产照片", "{salutation}\n\n附件是订单 {order_no} 的生产照片。如需查看其他细节，请随时告诉我。"),
    ("order_photos", "de"): ("Auftrag {order_no}: Fotos aus der Produktion", "{salutation}\n\nanbei finden Sie Fotos aus der Produktion Ihres Auftrags {order_no}. Wenn Sie noch etwas anderes sehen möchten, sagen Sie mir gern Bescheid."),
    ("order_photos", "fr"): ("Commande {order_no} : photos de production", "{salutation}\n\nVous trouverez ci-joint des photos de la production de votre commande {order_no}. N'hésitez pas à me dire si vous souhaitez voir autre chose."),
    ("order_photos", "es"): ("Pedido {order_no}: fotos de producción", "{salutation}\n\nAdjunto le envío fotos de la producción de su pedido {order_no}. Si desea ver algo más, no dude en decírmelo."),
    ("order_photos", "pt"): ("Encomenda {order_no}: fotos da produção", "{salutation}\n\nEm anexo seguem fotos da produção da sua encomenda {order_no}. Se quiser ver mais algum detalhe, é só dizer."),
    ("order_photos", "ru"): ("Заказ {order_no}: фото с производства", "{salutation}\n\nВо вложении — фотографии с производства Вашего заказа {order_no}. Если хотите увидеть что-то ещё, дайте, пожалуйста, знать."),
    ("order_photos", "ar"): ("الطلبية {order_no}: صور من الإنتاج", "{salutation}\n\nتجدون في المرفقات صوراً من إنتاج طلبيتكم رقم {order_no}. يسعدني إرسال المزيد إن رغبتم في الاطلاع على أي تفاصيل أخرى."),
    ("order_photos", "ja"): ("ご注文 {order_no} の生産写真", _JA_OPEN + "ご注文 {order_no} の生産時の写真を添付いたします。ほかにご確認されたい点がございましたら、お気軽にお申し付けください。"),
    ("order_shipping", "en"): ("Order {order_no}: preparing shipment", "{salutation}\n\nYour order {order_no} is nearly finished and we are preparing the shipment. I will send you the shipping date and documents as soon as the booking is confirmed."),
    ("order_shipping", "zh"): ("订单 {order_no}：准备发货", "{salutation}\n\n您的订单 {order_no} 即将完工，我们正在安排发货。订舱确认后，我会第一时间把船期和单据发给您。"),
    ("order_shipping", "de"): ("Auftrag {order_no}: Versand in Vorbereitung", "{salutation}\n\nIhr Auftrag {order_no} ist fast fertig, und wir bereiten den Versand vor. Sobald die Buchung bestätigt ist, sende ich Ihnen Verschiffungstermin und Dokumente."),
    ("order_shipping", "fr"): ("Commande {order_no} : expédition en préparation", "{salutation}\n\nVotre commande {order_no} est presque terminée et nous préparons l'expédition. Je vous enverrai la date d'embarquement et les documents dès la confirmation de la réservation."),
    ("order_shipping", "es"): ("Pedido {order_no}: preparando el envío", "{salutation}\n\nSu pedido {order_no} está casi terminado y estamos preparando el envío. Le mandaré la fecha de embarque y los documentos en cuanto se confirme la reserva."),
    ("order_shipping", "pt"): ("Encomenda {order_no}: a preparar o envio", "{salutation}\n\nA sua encomenda {order_no} está quase concluída e estamos a preparar o envio. Envio-lhe a data de embarque e os documentos assim que a reserva for confirmada."),
    ("order_shipping", "ru"): ("Заказ {order_no}: подготовка к отгрузке", "{salutation}\n\nВаш заказ {order_no} почти готов, и мы готовим отгрузку. Дату отправки и документы я пришлю, как только бронирование будет подтверждено."),
    ("order_shipping", "ar"): ("الطلبية {order_no}: التجهيز للشحن", "{salutation}\n\nطلبيتكم رقم {order_no} على وشك الانتهاء ونحن نجهز للشحن. سأرسل لكم موعد الشحن والمستندات فور تأكيد الحجز."),
    ("order_shipping", "ja"): ("ご注文 {order_no} 出荷準備のご連絡", _JA_OPEN + "ご注文 {order_no} はまもなく完成し、現在出荷の準備を進めております。船積み日と書類は、ブッキングが確定し次第お送りいたします。"),
    ("order_loading", "en"): ("Order {order_no}: container-loading photos", "{salutation}\n\nYour order {order_no} has been loaded. The container-loading photos are attached."),
    ("order_loading", "zh"): ("订单 {order_no}：装柜照片", "{salutation}\n\n您的订单 {order_no} 已装柜，附件是装柜照片，请查收。"),
    ("order_loading", "de"): ("Auftrag {order_no}: Fotos der Containerverladung", "{salutation}\n\nIhr Auftrag {order_no} ist verladen. Anbei die Fotos der Containerverladung."),
    ("order_loading", "fr"): ("Commande {order_no} : photos du chargement", "{salutation}\n\nVotre commande {order_no} a été chargée. Vous trouverez ci-joint les photos du chargement du conteneur."),
    ("order_loading", "es"): ("Pedido {order_no}: fotos de la carga", "{salutation}\n\nSu pedido {order_no} ya está cargado. Adjunto las fotos de la carga del contenedor."),
    ("order_loading", "pt"): ("Encomenda {order_no}: fotos do carregamento", "{salutation}\n\nA sua encomenda {order_no} já foi carregada. Seguem em anexo as fotos do carregamento do contentor."),
    ("order_loading", "ru"): ("Заказ {order_no}: фото загрузки контейнера", "{salutation}\n\nВаш заказ {order_no} загружен. Фотографии загрузки контейнера — во вложении."),
    ("order_loading", "ar"): ("الطلبية {order_no}: صور تحميل الحاوية", "{salutation}\n\nتم تحميل طلبيتكم رقم {order_no}. تجدون في المرفقات صور تحميل الحاوية."),
    ("order_loading", "ja"): ("ご注文 {order_no} コンテナ積込み写真", _JA_OPEN + "ご注文 {order_no} のコンテナへの積込みが完了いたしました。積込み時の写真を添付いたしますので、ご確認ください。"),
    # --- win-back ---
    ("reactivation", "en"): ("{customer}: what is new since we last worked together", "{salutation}\n\nIt has been a while since we last worked together, and I would like to pick up where we left off. What is new with us: {topics}. I would be glad to send you samples."),
    ("reactivation", "zh"): ("{customer}：我们有了新的变化", "{salutation}\n\n好久没有合作了，很想和您重新联系上。我们近期的新变化：{topics}。很乐意给您寄样品。"),
    ("reactivation", "de"): ("{customer}: was sich bei uns getan hat", "{salutation}\n\nunsere letzte Zusammenarbeit liegt schon eine Weile zurück, und ich würde gern wieder anknüpfen. Neu bei uns: {topics}. Gern schicke ich Ihnen Muster."),
    ("reactivation", "fr"): ("{customer} : nos nouveautés depuis notre dernière collaboration", "{salutation}\n\nCela fait un moment que nous n'avons pas travaillé ensemble, et j'aimerais renouer le contact. Nos nouveautés : {topics}. Je vous enverrai volontiers des échantillons."),
    ("reactivation", "es"): ("{customer}: novedades desde nuestra última colaboración", "{salutation}\n\nHace tiempo que no trabajamos juntos y me gustaría retomar el contacto. Nuestras novedades: {topics}. Con gusto le enviaré muestras."),
    ("reactivation", "pt"): ("{customer}: novidades desde a nossa última colaboração", "{salutation}\n\nJá passou algum tempo desde a nossa última colaboração e gostaria de retomar o contacto. As nossas novidades: {topics}. Terei todo o gosto em enviar-lhe amostras."),
    ("reactivation", "ru"): ("{customer}: что нового у нас", "{salutation}\n\nМы давно не работали вместе, и мне хотелось бы возобновить наше сотрудничество. Что у нас нового: {topics}. С удовольствием вышлю Вам образцы."),
    ("reactivation", "ar"): ("{customer}: ما الجديد لدينا", "{salutation}\n\nمضى بعض الوقت على آخر تعاون بيننا، وأود أن نستأنف العمل معاً. الجديد لدينا: {topics}. يسعدني أن أرسل لكم عينات."),
    ("reactivation", "ja"): ("その後の弊社の新しい取り組みについて", _JA_OPEN + "しばらくお取引が途絶えておりましたが、改めてご連絡を差し上げました。弊社の新しい取り組み：{topics}。ぜひサンプルをお送りできればと存じます。"),
}  # fmt: skip

#: Festival code → greeting in each language (the exclamation a native writer puts in the subject).
WISHES: dict[str, dict[str, str]] = {
    "new_year": {"en": "Happy New Year", "zh": "新年快乐", "de": "Ein gutes neues Jahr", "fr": "Bonne année", "es": "Feliz Año Nuevo", "pt": "Feliz Ano Novo", "ru": "С Новым годом", "ar": "سنة جديدة سعيدة", "ja": "謹んで新年のお慶びを申し上げます"},
    "new_year+christmas": {"en": "Merry Christmas and a happy New Year", "zh": "圣诞快乐，新年快乐", "de": "Frohe Weihnachten und ein gutes neues Jahr", "fr": "Joyeux Noël et bonne année", "es": "Feliz Navidad y próspero Año Nuevo", "pt": "Feliz Natal e um próspero Ano Novo", "ru": "С Рождеством и Новым годом", "ar": "عيد ميلاد مجيد وسنة جديدة سعيدة", "ja": "メリークリスマス、そして良いお年をお迎えください"},
    "lunar_new_year": {"en": "Happy Lunar New Year", "zh": "新春快乐", "de": "Alles Gute zum chinesischen Neujahr", "fr": "Bonne année lunaire", "es": "Feliz Año Nuevo Lunar", "pt": "Feliz Ano Novo Lunar", "ru": "С Новым годом по лунному календарю", "ar": "سنة قمرية جديدة سعيدة", "ja": "旧正月のお慶びを申し上げます"},
    "mid_autumn": {"en": "Happy Mid-Autumn Festival", "zh": "中秋快乐", "de": "Alles Gute zum Mondfest", "fr": "Bonne fête de la mi-automne", "es": "Feliz Festival del Medio Otoño", "pt": "Feliz Festival do Meio do Outono", "ru": "С праздником середины осени", "ar": "مهرجان منتصف الخريف سعيد", "ja": "中秋節のお慶びを申し上げます"},
    "easter": {"en": "Happy Easter", "zh": "复活节快乐", "de": "Frohe Ostern", "fr": "Joyeuses Pâques", "es": "Felices Pascuas", "pt": "Feliz Páscoa", "ru": "С праздником Пасхи", "ar": "عيد فصح سعيد", "ja": "イースターのお祝いを申し上げます"},
    "orthodox_easter": {"en": "Happy Easter", "zh": "复活节快乐", "de": "Frohe Ostern", "fr": "Joyeuses Pâques", "es": "Felices Pascuas", "pt": "Feliz Páscoa", "ru": "Христос воскресе! С Пасхой", "ar": "عيد فصح سعيد", "ja": "イースターのお祝いを申し上げます"},
    "christmas": {"en": "Merry Christmas", "zh": "圣诞快乐", "de": "Frohe Weihnachten", "fr": "Joyeux Noël", "es": "Feliz Navidad", "pt": "Feliz Natal", "ru": "С Рождеством", "ar": "عيد ميلاد مجيد", "ja": "メリークリスマス"},
    "orthodox_christmas": {"en": "Merry Christmas", "zh": "圣诞快乐", "de": "Frohe Weihnachten", "fr": "Joyeux Noël", "es": "Feliz Navidad", "pt": "Feliz Natal", "ru": "С Рождеством Христовым", "ar": "عيد ميلاد مجيد", "ja": "メリークリスマス"},
    "new_year+orthodox_christmas": {"en": "Happy New Year and Merry Christmas", "zh": "新年快乐，圣诞快乐", "de": "Ein gutes neues Jahr und frohe Weihnachten", "fr": "Bonne année et joyeux Noël", "es": "Feliz Año Nuevo y Feliz Navidad", "pt": "Feliz Ano Novo e Feliz Natal", "ru": "С Новым годом и Рождеством", "ar": "سنة جديدة سعيدة وعيد ميلاد مجيد", "ja": "新年のお慶びとクリスマスのお祝いを申し上げます"},
    "eid_al_fitr": {"en": "Eid Mubarak", "zh": "开斋节快乐", "de": "Eid Mubarak – alles Gute zum Fest des Fastenbrechens", "fr": "Aïd Moubarak", "es": "Eid Mubarak", "pt": "Eid Mubarak", "ru": "С праздником Ураза-байрам", "ar": "عيد فطر مبارك", "ja": "イード・ムバラク"},
    "eid_al_adha": {"en": "Eid al-Adha Mubarak", "zh": "宰牲节快乐", "de": "Eid Mubarak – alles Gute zum Opferfest", "fr": "Aïd el-Kébir Moubarak", "es": "Eid al-Adha Mubarak", "pt": "Eid al-Adha Mubarak", "ru": "С праздником Курбан-байрам", "ar": "عيد أضحى مبارك", "ja": "イード・アル＝アドハーのお祝いを申し上げます"},
    "diwali": {"en": "Happy Diwali", "zh": "排灯节快乐", "de": "Ein frohes Diwali-Fest", "fr": "Joyeux Diwali", "es": "Feliz Diwali", "pt": "Feliz Diwali", "ru": "С праздником Дивали", "ar": "ديوالي سعيد", "ja": "ディワリのお祝いを申し上げます"},
    "songkran": {"en": "Happy Songkran", "zh": "宋干节快乐", "de": "Alles Gute zu Songkran", "fr": "Bon Songkran", "es": "Feliz Songkran", "pt": "Feliz Songkran", "ru": "С праздником Сонгкран", "ar": "سونغكران سعيد", "ja": "ソンクランのお祝いを申し上げます"},
    "nowruz": {"en": "Happy Nowruz", "zh": "诺鲁孜节快乐", "de": "Alles Gute zu Nouruz", "fr": "Joyeux Norouz", "es": "Feliz Nouruz", "pt": "Feliz Nowruz", "ru": "С праздником Навруз", "ar": "نوروز سعيد", "ja": "ノウルーズのお祝いを申し上げます"},
    "thanksgiving": {"en": "Happy Thanksgiving", "zh": "感恩节快乐", "de": "Ein schönes Thanksgiving", "fr": "Joyeux Thanksgiving", "es": "Feliz Día de Acción de Gracias", "pt": "Feliz Dia de Ação de Graças", "ru": "С Днём благодарения", "ar": "عيد شكر سعيد", "ja": "サンクスギビングのお祝いを申し上げます"},
    "national_day": {"en": "Happy National Day", "zh": "国庆快乐", "de": "Herzliche Glückwünsche zum Nationalfeiertag", "fr": "Bonne fête nationale", "es": "Feliz Día Nacional", "pt": "Feliz Dia Nacional", "ru": "С национальным праздником", "ar": "كل عام وأنتم بخير بمناسبة اليوم الوطني", "ja": "建国記念日のお祝いを申し上げます"},
}  # fmt: skip


def signed(kind: str, language: str) -> tuple[str, str] | None:
    """The subject and full body (signature included) of a built-in template, or None."""
    text = TEXTS.get((kind, language))
    if text is None:
        return None
    return text[0], text[1] + _SIGN[language]


def wishes(code: str, language: str) -> str:
    """The greeting for festival ``code`` in ``language`` (English when the table lacks it)."""
    row = WISHES.get(code) or {}
    return row.get(language) or row.get("en") or ""


#: Festival code → its name in each language (for the month's topics).
NAMES: dict[str, dict[str, str]] = {
    "new_year": {"en": "New Year", "zh": "新年", "de": "Neujahr", "fr": "le Nouvel An", "es": "Año Nuevo", "pt": "Ano Novo", "ru": "Новый год", "ar": "رأس السنة", "ja": "新年"},
    "new_year+christmas": {"en": "Christmas and New Year", "zh": "圣诞和新年", "de": "Weihnachten und Neujahr", "fr": "Noël et le Nouvel An", "es": "Navidad y Año Nuevo", "pt": "Natal e Ano Novo", "ru": "Рождество и Новый год", "ar": "عيد الميلاد ورأس السنة", "ja": "クリスマスと新年"},
    "lunar_new_year": {"en": "Lunar New Year", "zh": "春节", "de": "das chinesische Neujahrsfest", "fr": "le Nouvel An lunaire", "es": "el Año Nuevo Lunar", "pt": "o Ano Novo Lunar", "ru": "Новый год по лунному календарю", "ar": "رأس السنة القمرية", "ja": "旧正月"},
    "mid_autumn": {"en": "Mid-Autumn Festival", "zh": "中秋节", "de": "das Mondfest", "fr": "la fête de la mi-automne", "es": "el Festival del Medio Otoño", "pt": "o Festival do Meio do Outono", "ru": "праздник середины осени", "ar": "مهرجان منتصف الخريف", "ja": "中秋節"},
    "easter": {"en": "Easter", "zh": "复活节", "de": "Ostern", "fr": "Pâques", "es": "Semana Santa", "pt": "Páscoa", "ru": "Пасха", "ar": "عيد الفصح", "ja": "イースター"},
    "orthodox_easter": {"en": "Orthodox Easter", "zh": "东正教复活节", "de": "das orthodoxe Osterfest", "fr": "la Pâque orthodoxe", "es": "la Pascua ortodoxa", "pt": "a Páscoa ortodoxa", "ru": "Пасха", "ar": "عيد الفصح الأرثوذكسي", "ja": "正教会の復活祭"},
    "christmas": {"en": "Christmas", "zh": "圣诞节", "de": "Weihnachten", "fr": "Noël", "es": "Navidad", "pt": "Natal", "ru": "Рождество", "ar": "عيد الميلاد", "ja": "クリスマス"},
    "orthodox_christmas": {"en": "Orthodox Christmas", "zh": "东正教圣诞节", "de": "das orthodoxe Weihnachtsfest", "fr": "le Noël orthodoxe", "es": "la Navidad ortodoxa", "pt": "o Natal ortodoxo", "ru": "Рождество Христово", "ar": "عيد الميلاد الأرثوذكسي", "ja": "正教会のクリスマス"},
    "new_year+orthodox_christmas": {"en": "New Year and Christmas", "zh": "新年和圣诞", "de": "Neujahr und Weihnachten", "fr": "le Nouvel An et Noël", "es": "Año Nuevo y Navidad", "pt": "Ano Novo e Natal", "ru": "Новый год и Рождество", "ar": "رأس السنة وعيد الميلاد", "ja": "新年とクリスマス"},
    "eid_al_fitr": {"en": "Eid al-Fitr", "zh": "开斋节", "de": "das Fest des Fastenbrechens", "fr": "l'Aïd el-Fitr", "es": "el Eid al-Fitr", "pt": "o Eid al-Fitr", "ru": "Ураза-байрам", "ar": "عيد الفطر", "ja": "イード・アル＝フィトル"},
    "eid_al_adha": {"en": "Eid al-Adha", "zh": "宰牲节", "de": "das Opferfest", "fr": "l'Aïd el-Kébir", "es": "el Eid al-Adha", "pt": "o Eid al-Adha", "ru": "Курбан-байрам", "ar": "عيد الأضحى", "ja": "イード・アル＝アドハー"},
    "diwali": {"en": "Diwali", "zh": "排灯节", "de": "Diwali", "fr": "Diwali", "es": "Diwali", "pt": "Diwali", "ru": "Дивали", "ar": "ديوالي", "ja": "ディワリ"},
    "songkran": {"en": "Songkran", "zh": "宋干节", "de": "Songkran", "fr": "Songkran", "es": "Songkran", "pt": "Songkran", "ru": "Сонгкран", "ar": "سونغكران", "ja": "ソンクラーン"},
    "nowruz": {"en": "Nowruz", "zh": "诺鲁孜节", "de": "Nouruz", "fr": "Norouz", "es": "Nouruz", "pt": "Nowruz", "ru": "Навруз", "ar": "النوروز", "ja": "ノウルーズ"},
    "thanksgiving": {"en": "Thanksgiving", "zh": "感恩节", "de": "Thanksgiving", "fr": "Thanksgiving", "es": "el Día de Acción de Gracias", "pt": "o Dia de Ação de Graças", "ru": "День благодарения", "ar": "عيد الشكر", "ja": "サンクスギビング"},
    "national_day": {"en": "National Day", "zh": "国庆节", "de": "der Nationalfeiertag", "fr": "la fête nationale", "es": "el Día Nacional", "pt": "o Dia Nacional", "ru": "национальный праздник", "ar": "اليوم الوطني", "ja": "建国記念日"},
}  # fmt: skip

#: The month's topics in each language: new products, a festival ahead, the month's event, prices.
TOPICS: dict[str, dict[str, str]] = {
    "en": {"new": "new products: {names}", "festival": "{name} on {date}", "price": "price and market information", "sep": "; "},
    "zh": {"new": "新产品：{names}", "festival": "{date}的{name}", "price": "价格与市场信息", "sep": "；"},
    "de": {"new": "neue Produkte: {names}", "festival": "{name} am {date}", "price": "Preise und Marktlage", "sep": "; "},
    "fr": {"new": "nouveaux produits : {names}", "festival": "{name} le {date}", "price": "prix et informations de marché", "sep": " ; "},
    "es": {"new": "nuevos productos: {names}", "festival": "{name} el {date}", "price": "precios e información de mercado", "sep": "; "},
    "pt": {"new": "novos produtos: {names}", "festival": "{name} em {date}", "price": "preços e informação de mercado", "sep": "; "},
    "ru": {"new": "новые продукты: {names}", "festival": "{name} ({date})", "price": "цены и ситуация на рынке", "sep": "; "},
    "ar": {"new": "منتجات جديدة: {names}", "festival": "{name} في {date}", "price": "الأسعار ومعلومات السوق", "sep": "؛ "},
    "ja": {"new": "新製品（{names}）", "festival": "{date}の{name}", "price": "価格と市況", "sep": "、"},
}  # fmt: skip

#: Recurring events worth a line in the month's mail, by month and language.
EVENTS: dict[int, dict[str, str]] = {
    1: {"en": "freight rates before the Chinese New Year rush", "zh": "春节前的海运运价", "de": "Frachtraten vor dem Ansturm zum chinesischen Neujahr", "fr": "les taux de fret avant le Nouvel An chinois", "es": "los fletes antes del Año Nuevo chino", "pt": "os fretes antes do Ano Novo chinês", "ru": "ставки фрахта перед китайским Новым годом", "ar": "أسعار الشحن قبل رأس السنة الصينية", "ja": "春節前の海上運賃"},
    3: {"en": "the spring trade-fair season", "zh": "春季展会季", "de": "die Frühjahrsmessen", "fr": "la saison des salons de printemps", "es": "la temporada de ferias de primavera", "pt": "a temporada de feiras da primavera", "ru": "весенний сезон выставок", "ar": "موسم المعارض الربيعية", "ja": "春の展示会シーズン"},
    4: {"en": "the Canton Fair (spring session)", "zh": "春季广交会", "de": "die Kanton-Messe (Frühjahr)", "fr": "la Foire de Canton (session de printemps)", "es": "la Feria de Cantón (sesión de primavera)", "pt": "a Feira de Cantão (sessão de primavera)", "ru": "Кантонская ярмарка (весенняя сессия)", "ar": "معرض كانتون (الدورة الربيعية)", "ja": "広州交易会（春季）"},
    6: {"en": "mid-year raw-material prices", "zh": "年中原材料价格", "de": "Rohstoffpreise zur Jahresmitte", "fr": "les prix des matières premières à mi-année", "es": "los precios de materias primas a mitad de año", "pt": "os preços das matérias-primas a meio do ano", "ru": "цены на сырьё в середине года", "ar": "أسعار المواد الخام في منتصف العام", "ja": "年央の原材料価格"},
    9: {"en": "the peak shipping season before Christmas", "zh": "圣诞前的出货旺季", "de": "die Hauptversandsaison vor Weihnachten", "fr": "la haute saison d'expédition avant Noël", "es": "la temporada alta de envíos antes de Navidad", "pt": "a época alta de envios antes do Natal", "ru": "пик отгрузок перед Рождеством", "ar": "موسم الشحن المزدحم قبل عيد الميلاد", "ja": "クリスマス前の出荷繁忙期"},
    10: {"en": "the Canton Fair (autumn session)", "zh": "秋季广交会", "de": "die Kanton-Messe (Herbst)", "fr": "la Foire de Canton (session d'automne)", "es": "la Feria de Cantón (sesión de otoño)", "pt": "a Feira de Cantão (sessão de outono)", "ru": "Кантонская ярмарка (осенняя сессия)", "ar": "معرض كانتون (الدورة الخريفية)", "ja": "広州交易会（秋季）"},
    11: {"en": "next year's price list", "zh": "明年的价格表", "de": "die Preisliste für das nächste Jahr", "fr": "la liste de prix de l'an prochain", "es": "la lista de precios del próximo año", "pt": "a tabela de preços do próximo ano", "ru": "прайс-лист на следующий год", "ar": "قائمة أسعار العام القادم", "ja": "来年の価格表"},
    12: {"en": "the year's review and next year's plan", "zh": "年度回顾与明年计划", "de": "Jahresrückblick und Planung für das nächste Jahr", "fr": "le bilan de l'année et le plan de l'an prochain", "es": "el balance del año y el plan del próximo", "pt": "o balanço do ano e o plano do próximo", "ru": "итоги года и планы на следующий", "ar": "مراجعة العام وخطة العام القادم", "ja": "今年の振り返りと来年の計画"},
}  # fmt: skip


def festival_name(code: str, language: str) -> str:
    """The name of festival ``code`` in ``language`` (English when the table lacks it)."""
    row = NAMES.get(code) or {}
    return row.get(language) or row.get("en") or code
